// Optional device identity for the connect request (PROTOCOL.md 2.4): an Ed25519 key signs the v3 payload.
// Off by default: using a device creates pairing state on the gateway.
#pragma once

#include "gateway/gateway.hpp"

#include <memory>
#include <optional>
#include <string>

struct evp_pkey_st;

namespace clawbook::gateway {

class DeviceIdentity {
 public:
  // Reads an Ed25519 private key: a PEM file, or OpenClaw's identity/device.json ({privateKeyPem}).
  static std::optional<DeviceIdentity> load(const std::string& path, std::string& error);

  const std::string& id() const { return id_; }                  // hex SHA-256 of the raw public key
  const std::string& public_key() const { return public_key_; }  // base64url, raw 32 bytes

  // The `device` block of connect params, signing
  // v3|deviceId|clientId|clientMode|role|scopesCsv|signedAtMs|token|nonce|platform|deviceFamily
  Json sign_connect(const ConnectOptions& options, const std::string& nonce, long long signed_at_ms) const;

  static std::string v3_payload(const std::string& device_id, const ConnectOptions& options, long long signed_at_ms,
                                const std::string& nonce);

 private:
  std::shared_ptr<evp_pkey_st> key_;
  std::string id_;
  std::string public_key_;
};

std::string base64url(const unsigned char* data, std::size_t size);

}  // namespace clawbook::gateway
