// Lua's pattern functions (string.find, match, gmatch, gsub) with a step budget. The standard library's matcher
// backtracks inside C, where no count hook runs: `("a"):rep(200):find("a*a*a*a*b")` took 20 s under --max-cpu 10
// and a SIGTERM waited for the watchdog. This matcher implements the same pattern language (Lua 5.4 manual,
// section 6.4.1) and checks the run's limits (Ctrl-C and SIGTERM, --timeout, --max-cpu) every kCheckEvery steps.
#include "engine_impl.hpp"

#include <cctype>
#include <cstring>
#include <new>
#include <string_view>

namespace clawbook {
namespace {

constexpr char kEscape = '%';
constexpr int kMaxCaptures = 32;     // LUA_MAXCAPTURES of the standard library
constexpr int kMaxMatchDepth = 200;  // nested match calls, as in the standard library
constexpr uint64_t kCheckEvery = 1u << 16;
constexpr ptrdiff_t kUnfinished = -1;
constexpr ptrdiff_t kPosition = -2;

struct MatchState {
  const char* src_init = nullptr;
  const char* src_end = nullptr;
  const char* p_end = nullptr;
  lua_State* L = nullptr;
  int level = 0;
  int depth_left = kMaxMatchDepth;
  uint64_t steps = 0;
  uint64_t next_check = kCheckEvery;
  struct {
    const char* init;
    ptrdiff_t len;
  } capture[kMaxCaptures];
};

void prepare(MatchState& ms, lua_State* L, const char* s, size_t ls, const char* p, size_t lp) {
  ms.L = L;
  ms.src_init = s;
  ms.src_end = s + ls;
  ms.p_end = p + lp;
}

void restart(MatchState& ms) {
  ms.level = 0;
  ms.depth_left = kMaxMatchDepth;
}

// One unit of matching work; every kCheckEvery units the run's limits are checked, as the count hook would.
void tick(MatchState& ms, uint64_t units = 1) {
  ms.steps += units;
  if (ms.steps < ms.next_check) return;
  ms.next_check = ms.steps + kCheckEvery;
  auto& engine = Engine::Impl::from(ms.L);
  if (engine.limits_breached()) luaL_error(ms.L, "%s", engine.aborted->c_str());
}

unsigned char uchar(char c) { return static_cast<unsigned char>(c); }

// Lua strings end in '\0', so reading the byte at src_end or p_end is defined, as in the standard library.
const char* class_end(MatchState& ms, const char* p) {
  switch (*p++) {
    case kEscape:
      if (p == ms.p_end) luaL_error(ms.L, "malformed pattern (ends with '%%')");
      return p + 1;
    case '[':
      if (*p == '^') p++;
      do {
        if (p == ms.p_end) luaL_error(ms.L, "malformed pattern (missing ']')");
        if (*(p++) == kEscape && p < ms.p_end) p++;
      } while (*p != ']');
      return p + 1;
    default: return p;
  }
}

bool match_class(int c, int cl) {
  bool res = false;
  switch (std::tolower(cl)) {
    case 'a': res = std::isalpha(c); break;
    case 'c': res = std::iscntrl(c); break;
    case 'd': res = std::isdigit(c); break;
    case 'g': res = std::isgraph(c); break;
    case 'l': res = std::islower(c); break;
    case 'p': res = std::ispunct(c); break;
    case 's': res = std::isspace(c); break;
    case 'u': res = std::isupper(c); break;
    case 'w': res = std::isalnum(c); break;
    case 'x': res = std::isxdigit(c); break;
    case 'z': res = (c == 0); break;  // deprecated in the manual, still accepted by Lua 5.4
    default: return cl == c;
  }
  return std::isupper(cl) ? !res : res;
}

// [set] between p (at '[') and ec (at ']').
bool match_bracket(int c, const char* p, const char* ec) {
  bool positive = true;
  if (*(p + 1) == '^') {
    positive = false;
    p++;
  }
  while (++p < ec) {
    if (*p == kEscape) {
      p++;
      if (match_class(c, uchar(*p))) return positive;
    } else if (*(p + 1) == '-' && p + 2 < ec) {
      p += 2;
      if (uchar(*(p - 2)) <= c && c <= uchar(*p)) return positive;
    } else if (uchar(*p) == c) {
      return positive;
    }
  }
  return !positive;
}

bool single_match(const MatchState& ms, const char* s, const char* p, const char* ep) {
  if (s >= ms.src_end) return false;
  const int c = uchar(*s);
  switch (*p) {
    case '.': return true;
    case kEscape: return match_class(c, uchar(*(p + 1)));
    case '[': return match_bracket(c, p, ep - 1);
    default: return uchar(*p) == c;
  }
}

const char* match(MatchState& ms, const char* s, const char* p);

const char* match_balance(MatchState& ms, const char* s, const char* p) {
  if (p >= ms.p_end - 1) luaL_error(ms.L, "malformed pattern (missing arguments to '%%b')");
  if (s >= ms.src_end || *s != *p) return nullptr;
  const char open = *p, close = *(p + 1);
  int depth = 1;
  const char* start = s;
  while (++s < ms.src_end) {
    if (*s == close) {
      if (--depth == 0) {
        tick(ms, static_cast<uint64_t>(s - start) / 16);
        return s + 1;
      }
    } else if (*s == open) {
      depth++;
    }
  }
  tick(ms, static_cast<uint64_t>(s - start) / 16);
  return nullptr;
}

const char* max_expand(MatchState& ms, const char* s, const char* p, const char* ep) {
  ptrdiff_t i = 0;
  while (single_match(ms, s + i, p, ep)) {
    i++;
    tick(ms);
  }
  while (i >= 0) {  // longest first, then shorter
    if (const char* res = match(ms, s + i, ep + 1)) return res;
    i--;
  }
  return nullptr;
}

const char* min_expand(MatchState& ms, const char* s, const char* p, const char* ep) {
  for (;;) {
    if (const char* res = match(ms, s, ep + 1)) return res;
    if (!single_match(ms, s, p, ep)) return nullptr;
    s++;
    tick(ms);
  }
}

const char* start_capture(MatchState& ms, const char* s, const char* p, ptrdiff_t what) {
  if (ms.level >= kMaxCaptures) luaL_error(ms.L, "too many captures");
  ms.capture[ms.level].init = s;
  ms.capture[ms.level].len = what;
  ms.level++;
  const char* res = match(ms, s, p);
  if (res == nullptr) ms.level--;
  return res;
}

int capture_to_close(MatchState& ms) {
  for (int level = ms.level - 1; level >= 0; level--)
    if (ms.capture[level].len == kUnfinished) return level;
  return luaL_error(ms.L, "invalid pattern capture");
}

const char* end_capture(MatchState& ms, const char* s, const char* p) {
  const int l = capture_to_close(ms);
  ms.capture[l].len = s - ms.capture[l].init;
  const char* res = match(ms, s, p);
  if (res == nullptr) ms.capture[l].len = kUnfinished;
  return res;
}

int check_capture(MatchState& ms, int l) {
  l -= '1';
  if (l < 0 || l >= ms.level || ms.capture[l].len == kUnfinished)
    return luaL_error(ms.L, "invalid capture index %%%d", l + 1);
  return l;
}

const char* match_capture(MatchState& ms, const char* s, int l) {
  l = check_capture(ms, l);
  const size_t len = static_cast<size_t>(ms.capture[l].len);
  tick(ms, len / 16);
  if (static_cast<size_t>(ms.src_end - s) >= len && std::memcmp(ms.capture[l].init, s, len) == 0) return s + len;
  return nullptr;
}

const char* match(MatchState& ms, const char* s, const char* p) {
  if (ms.depth_left-- == 0) luaL_error(ms.L, "pattern too complex");
  tick(ms);
  while (p != ms.p_end) {
    if (*p == '(') {
      s = *(p + 1) == ')' ? start_capture(ms, s, p + 2, kPosition) : start_capture(ms, s, p + 1, kUnfinished);
      break;
    }
    if (*p == ')') {
      s = end_capture(ms, s, p + 1);
      break;
    }
    if (*p == '$' && p + 1 == ms.p_end) {
      if (s != ms.src_end) s = nullptr;
      break;
    }
    if (*p == kEscape && *(p + 1) == 'b') {
      s = match_balance(ms, s, p + 2);
      if (s == nullptr) break;
      p += 4;
      continue;
    }
    if (*p == kEscape && *(p + 1) == 'f') {
      p += 2;
      if (*p != '[') luaL_error(ms.L, "missing '[' after '%%f' in pattern");
      const char* ep = class_end(ms, p);
      const char previous = s == ms.src_init ? '\0' : *(s - 1);
      const char current = s < ms.src_end ? *s : '\0';
      if (!match_bracket(uchar(previous), p, ep - 1) && match_bracket(uchar(current), p, ep - 1)) {
        p = ep;
        continue;
      }
      s = nullptr;
      break;
    }
    if (*p == kEscape && std::isdigit(uchar(*(p + 1)))) {
      s = match_capture(ms, s, uchar(*(p + 1)));
      if (s == nullptr) break;
      p += 2;
      continue;
    }
    // A single character class, maybe followed by a repetition.
    const char* ep = class_end(ms, p);
    if (!single_match(ms, s, p, ep)) {
      if (*ep == '*' || *ep == '?' || *ep == '-') {  // zero repetitions are fine
        p = ep + 1;
        continue;
      }
      s = nullptr;
      break;
    }
    if (*ep == '?') {
      if (const char* res = match(ms, s + 1, ep + 1)) {
        s = res;
        break;
      }
      p = ep + 1;
      continue;
    }
    if (*ep == '+') {
      s = max_expand(ms, s + 1, p, ep);
      break;
    }
    if (*ep == '*') {
      s = max_expand(ms, s, p, ep);
      break;
    }
    if (*ep == '-') {
      s = min_expand(ms, s, p, ep);
      break;
    }
    s++;
    p = ep;
  }
  ms.depth_left++;
  return s;
}

// Capture i as a string (or position) of the match s..e; returns its length or kPosition.
ptrdiff_t get_capture(MatchState& ms, int i, const char* s, const char* e, const char** cap) {
  if (i >= ms.level) {
    if (i != 0) luaL_error(ms.L, "invalid capture index %%%d", i + 1);
    *cap = s;
    return e - s;
  }
  const ptrdiff_t len = ms.capture[i].len;
  *cap = ms.capture[i].init;
  if (len == kUnfinished) luaL_error(ms.L, "unfinished capture");
  if (len == kPosition) lua_pushinteger(ms.L, (ms.capture[i].init - ms.src_init) + 1);
  return len;
}

void push_capture(MatchState& ms, int i, const char* s, const char* e) {
  const char* cap = nullptr;
  const ptrdiff_t len = get_capture(ms, i, s, e, &cap);
  if (len != kPosition) lua_pushlstring(ms.L, cap, static_cast<size_t>(len));
}

int push_captures(MatchState& ms, const char* s, const char* e) {
  const int n = (ms.level == 0 && s != nullptr) ? 1 : ms.level;
  luaL_checkstack(ms.L, n, "too many captures");
  for (int i = 0; i < n; i++) push_capture(ms, i, s, e);
  return n;
}

// A relative start position (negative counts from the end) as an index from 1, clipped to 1.
size_t start_position(lua_Integer pos, size_t len) {
  if (pos > 0) return static_cast<size_t>(pos);
  if (pos == 0) return 1;
  if (pos < -static_cast<lua_Integer>(len)) return 1;
  return len + static_cast<size_t>(pos) + 1;
}

bool no_specials(const char* p, size_t lp) {
  for (size_t i = 0; i < lp; i++)
    if (p[i] != '\0' && std::strchr("^$*+?.([%-", p[i]) != nullptr) return false;
  return true;
}

int find_or_match(lua_State* L, bool find) {
  size_t ls = 0, lp = 0;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  const size_t init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) {
    lua_pushnil(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || no_specials(p, lp))) {
    const size_t at = std::string_view(s, ls).find(std::string_view(p, lp), init);
    if (at != std::string_view::npos) {
      lua_pushinteger(L, static_cast<lua_Integer>(at) + 1);
      lua_pushinteger(L, static_cast<lua_Integer>(at + lp));
      return 2;
    }
  } else {
    MatchState ms;
    const char* s1 = s + init;
    const bool anchor = *p == '^';
    if (anchor) {
      p++;
      lp--;
    }
    prepare(ms, L, s, ls, p, lp);
    do {
      restart(ms);
      if (const char* e = match(ms, s1, p)) {
        if (find) {
          lua_pushinteger(L, (s1 - s) + 1);
          lua_pushinteger(L, e - s);
          return push_captures(ms, nullptr, nullptr) + 2;
        }
        return push_captures(ms, s1, e);
      }
    } while (s1++ < ms.src_end && !anchor);
  }
  lua_pushnil(L);
  return 1;
}

int str_find(lua_State* L) { return find_or_match(L, true); }
int str_match(lua_State* L) { return find_or_match(L, false); }

struct GMatchState {
  const char* src;
  const char* p;
  const char* lastmatch;
  MatchState ms;
};

int gmatch_next(lua_State* L) {
  auto* gm = static_cast<GMatchState*>(lua_touserdata(L, lua_upvalueindex(3)));
  gm->ms.L = L;  // the iterator may run in another coroutine than the one that made it
  for (const char* src = gm->src; src <= gm->ms.src_end; src++) {
    restart(gm->ms);
    const char* e = match(gm->ms, src, gm->p);
    if (e != nullptr && e != gm->lastmatch) {
      gm->src = gm->lastmatch = e;
      return push_captures(gm->ms, src, e);
    }
  }
  return 0;
}

int str_gmatch(lua_State* L) {
  size_t ls = 0, lp = 0;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  size_t init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) init = ls + 1;  // past the end: no matches
  lua_settop(L, 2);
  auto* gm = static_cast<GMatchState*>(lua_newuserdatauv(L, sizeof(GMatchState), 0));
  new (gm) GMatchState{};
  prepare(gm->ms, L, s, ls, p, lp);
  gm->src = s + init;
  gm->p = p;
  gm->lastmatch = nullptr;
  lua_pushcclosure(L, gmatch_next, 3);  // the subject and pattern stay alive as upvalues
  return 1;
}

void add_replacement_string(MatchState& ms, luaL_Buffer& b, const char* s, const char* e) {
  lua_State* L = ms.L;
  size_t l = 0;
  const char* news = lua_tolstring(L, 3, &l);
  const char* p = nullptr;
  while ((p = static_cast<const char*>(std::memchr(news, kEscape, l))) != nullptr) {
    luaL_addlstring(&b, news, static_cast<size_t>(p - news));
    p++;
    if (*p == kEscape) {
      luaL_addchar(&b, *p);
    } else if (*p == '0') {
      luaL_addlstring(&b, s, static_cast<size_t>(e - s));
    } else if (std::isdigit(uchar(*p))) {
      const char* cap = nullptr;
      const ptrdiff_t len = get_capture(ms, *p - '1', s, e, &cap);
      if (len == kPosition) luaL_addvalue(&b);
      else luaL_addlstring(&b, cap, static_cast<size_t>(len));
    } else {
      luaL_error(L, "invalid use of '%c' in replacement string", kEscape);
    }
    l -= static_cast<size_t>(p + 1 - news);
    news = p + 1;
  }
  luaL_addlstring(&b, news, l);
}

// Adds the replacement of match s..e; false when the original text was kept.
bool add_value(MatchState& ms, luaL_Buffer& b, const char* s, const char* e, int tr) {
  lua_State* L = ms.L;
  switch (tr) {
    case LUA_TFUNCTION: {
      lua_pushvalue(L, 3);
      const int n = push_captures(ms, s, e);
      lua_call(L, n, 1);
      break;
    }
    case LUA_TTABLE:
      push_capture(ms, 0, s, e);
      lua_gettable(L, 3);
      break;
    default: add_replacement_string(ms, b, s, e); return true;
  }
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    luaL_addlstring(&b, s, static_cast<size_t>(e - s));
    return false;
  }
  if (!lua_isstring(L, -1)) luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  luaL_addvalue(&b);
  return true;
}

int str_gsub(lua_State* L) {
  size_t srcl = 0, lp = 0;
  const char* src = luaL_checklstring(L, 1, &srcl);
  const char* p = luaL_checklstring(L, 2, &lp);
  const char* lastmatch = nullptr;
  const int tr = lua_type(L, 3);
  const lua_Integer max_s = luaL_optinteger(L, 4, static_cast<lua_Integer>(srcl) + 1);
  const bool anchor = *p == '^';
  lua_Integer n = 0;
  bool changed = false;
  luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                   "string/function/table");
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  if (anchor) {
    p++;
    lp--;
  }
  MatchState ms;
  prepare(ms, L, src, srcl, p, lp);
  while (n < max_s) {
    restart(ms);
    const char* e = match(ms, src, p);
    if (e != nullptr && e != lastmatch) {
      n++;
      changed = add_value(ms, b, src, e, tr) || changed;
      src = lastmatch = e;
    } else if (src < ms.src_end) {
      luaL_addchar(&b, *src++);
    } else {
      break;
    }
    if (anchor) break;
  }
  if (!changed) {
    lua_pushvalue(L, 1);
  } else {
    luaL_addlstring(&b, src, static_cast<size_t>(ms.src_end - src));
    luaL_pushresult(&b);
  }
  lua_pushinteger(L, n);
  return 2;
}

}  // namespace

void install_pattern_functions(lua_State* L) {
  static const luaL_Reg functions[] = {
      {"find", str_find}, {"match", str_match}, {"gmatch", str_gmatch}, {"gsub", str_gsub}, {nullptr, nullptr}};
  lua_getglobal(L, "string");
  luaL_setfuncs(L, functions, 0);
  lua_pop(L, 1);
}

}  // namespace clawbook
