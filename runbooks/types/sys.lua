---@meta
-- sys: host facts read directly: disk space, mounts, OS release and kernel, sysctl, users, groups, packages (capability sys)
sys = {}

-- A missing user, group or package is a result (exists=false / installed=false), not a failure. Failures of
-- the environment: ok=false, error (not_found, permission_denied, io_error, unsupported, no_package_manager)
-- and message.

---@class SysDisk
---@field ok boolean
---@field path string
---@field total_bytes? integer
---@field free_bytes? integer free blocks, root's reserve included
---@field avail_bytes? integer what unprivileged users may still write
---@field used_bytes? integer
---@field used_percent? number used / (used + avail), as df shows it, one decimal
---@field inodes_total? integer
---@field inodes_free? integer
---@field inodes_used_percent? number
---@field read_only? boolean
---@field error? "not_found"|"permission_denied"|"not_a_directory"|"io_error"|string
---@field message? string

---@class SysMount
---@field source string device or pseudo file system ("/dev/sda1", "tmpfs")
---@field target string mount point
---@field fstype string
---@field options string comma-separated mount options
---@field read_only boolean

---@class SysMounts
---@field ok boolean
---@field mounts? SysMount[]
---@field error? string
---@field message? string

---@class SysKernel
---@field name string "Linux"
---@field release string "6.1.0-18-amd64"
---@field version string
---@field machine string "x86_64"

---@class SysOs
---@field ok boolean
---@field id? string os-release ID: "debian", "ubuntu", "rhel", ...
---@field version_id? string "12"
---@field version? string "12 (bookworm)"
---@field name? string
---@field pretty_name? string
---@field version_codename? string
---@field id_like? string
---@field os_release_error? string when neither /etc/os-release nor /usr/lib/os-release could be read
---@field kernel? SysKernel
---@field hostname? string

---@class SysSysctl
---@field ok boolean
---@field name string as asked
---@field value? string the value, trailing newline removed
---@field number? integer the value when it is one integer
---@field error? "not_found"|"not_a_file"|"permission_denied"|"io_error"|string not_a_file: a group such as "kernel"
---@field message? string

---@class SysUser
---@field ok boolean
---@field exists? boolean
---@field name string
---@field uid? integer
---@field gid? integer primary group
---@field home? string
---@field shell? string
---@field gecos? string
---@field groups? string[] every group the user is in, the primary one included
---@field error? string
---@field message? string

---@class SysGroup
---@field ok boolean
---@field exists? boolean
---@field name string
---@field gid? integer
---@field members? string[] supplementary members listed in the group database
---@field error? string
---@field message? string

---@class SysPackage
---@field ok boolean
---@field name string as asked ("openssl" or "openssl:amd64")
---@field installed? boolean
---@field version? string when the database lists the package
---@field architecture? string
---@field architectures? string[] every architecture the database lists it for
---@field status? string dpkg's Status ("install ok installed", "deinstall ok config-files")
---@field manager? "dpkg"|"rpm"
---@field managers_checked string[]
---@field error? "unsupported"|"no_package_manager"|"not_found"|"permission_denied"|"io_error"|string
---@field message? string

--- Space and inodes of the file system holding `path` (statvfs).
---@param path string
---@return SysDisk
function sys.disk(path) end

--- The mount table (/proc/self/mounts).
---@return SysMounts
function sys.mounts() end

--- The distribution (os-release) and the kernel (uname).
---@return SysOs
function sys.os() end

--- A kernel parameter from /proc/sys: "net.core.somaxconn" or "net/core/somaxconn".
---@param name string
---@return SysSysctl
function sys.sysctl(name) end

--- A user from the user database (getpwnam: /etc/passwd, NSS).
---@param name string
---@return SysUser
function sys.user(name) end

--- A group from the group database (getgrnam).
---@param name string
---@return SysGroup
function sys.group(name) end

--- An installed package, from Debian's dpkg database read as a file (RPM hosts: error "unsupported").
---@param name string
---@return SysPackage
function sys.package(name) end
