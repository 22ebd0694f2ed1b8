// The gateway tests' real servers (servers.hpp). One object file shared by both test programs.
#include "bindings/gateway/servers.hpp"

namespace gateway_test {

// ---- certificates ----

std::string pem_of_cert(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return out;
}

std::string pem_of_key(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return out;
}

X509* make_cert(EVP_PKEY* key, EVP_PKEY* signer, X509* issuer, const char* common_name, bool ca, long serial) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600L * 24);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer ? issuer : cert, cert, nullptr, nullptr, 0);
  const auto add = [&](int nid, const char* value) {
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
  };
  if (ca) {
    add(NID_basic_constraints, "critical,CA:TRUE");
    add(NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add(NID_basic_constraints, "CA:FALSE");
    add(NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  }
  X509_sign(cert, signer, EVP_sha256());
  return cert;
}

Certificates make_certificates(const std::filesystem::path& dir) {
  EVP_PKEY* ca_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  EVP_PKEY* leaf_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  X509* ca = make_cert(ca_key, ca_key, nullptr, "clawbook test CA", true, 1);
  X509* leaf = make_cert(leaf_key, ca_key, ca, "localhost", false, 2);
  Certificates out{pem_of_cert(ca), pem_of_cert(leaf), pem_of_key(leaf_key), dir / "ca.pem"};
  std::filesystem::create_directories(dir);
  std::ofstream(out.ca_file) << out.ca_pem;
  X509_free(ca);
  X509_free(leaf);
  EVP_PKEY_free(ca_key);
  EVP_PKEY_free(leaf_key);
  return out;
}

std::shared_ptr<asio::ssl::context> server_tls_context(const Certificates& certs) {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  context->use_certificate_chain(asio::buffer(certs.leaf_pem));
  context->use_private_key(asio::buffer(certs.leaf_key_pem), asio::ssl::context::pem);
  return context;
}

// ---- raw TCP peers ----

Listener::Listener(asio::io_context& io, OnConnection on_connection, int backlog)
    : acceptor_(io), on_connection_(std::move(on_connection)) {
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(backlog);
  if (on_connection_) accept();
}

void Listener::accept() {
  auto socket = std::make_shared<tcp_socket>(acceptor_.get_executor());
  acceptor_.async_accept(*socket, [this, socket](const boost::system::error_code& ec) {
    if (ec) return;
    ++accepted;
    held.push_back(socket);
    on_connection_(socket);
    accept();
  });
}

void reset(tcp_socket& socket) {
  boost::system::error_code ignored;
  socket.set_option(asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

void serve_http_once(std::shared_ptr<tcp_socket> socket, std::function<std::string(const std::string&)> respond,
                     bool close_after) {
  auto buffer = std::make_shared<std::string>();
  asio::async_read_until(*socket, asio::dynamic_buffer(*buffer), "\r\n\r\n",
                         [socket, buffer, respond, close_after](const boost::system::error_code& ec, std::size_t) {
                           if (ec) return;
                           auto answer = std::make_shared<std::string>(respond(*buffer));
                           if (answer->empty()) return;
                           asio::async_write(
                               *socket, asio::buffer(*answer),
                               [socket, answer, close_after](const boost::system::error_code&, std::size_t) {
                                 if (close_after) {
                                   boost::system::error_code ignored;
                                   socket->shutdown(tcp_socket::shutdown_send, ignored);
                                 }
                               });
                         });
}

std::string http_response(int status, const std::string& reason, const std::string& content_type,
                          const std::string& body, const std::string& extra_headers) {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "Connection: close\r\n\r\n" +
         body;
}

std::string request_path(const std::string& request) {
  const auto first_space = request.find(' ');
  const auto second_space = request.find(' ', first_space + 1);
  return request.substr(first_space + 1, second_space - first_space - 1);
}

TlsHttpServer::TlsHttpServer(asio::io_context& io, std::shared_ptr<asio::ssl::context> context,
                             std::function<std::string(const std::string&)> respond)
    : context_(std::move(context)),
      respond_(std::move(respond)),
      listener_(io, [this](std::shared_ptr<tcp_socket> socket) { serve(std::move(socket)); }) {}

void TlsHttpServer::serve(std::shared_ptr<tcp_socket> socket) {
  auto stream = std::make_shared<asio::ssl::stream<tcp_socket>>(std::move(*socket), *context_);
  stream->async_handshake(asio::ssl::stream_base::server, [this, stream](const boost::system::error_code& ec) {
    if (ec) {
      ++handshakes_failed;
      boost::system::error_code ignored;
      stream->lowest_layer().close(ignored);
      return;
    }
    ++handshakes_ok;
    auto buffer = std::make_shared<std::string>();
    asio::async_read_until(*stream, asio::dynamic_buffer(*buffer), "\r\n\r\n",
                           [this, stream, buffer](const boost::system::error_code& read_ec, std::size_t) {
                             if (read_ec) return;
                             auto answer = std::make_shared<std::string>(respond_(*buffer));
                             asio::async_write(*stream, asio::buffer(*answer),
                                               [stream, answer](const boost::system::error_code&, std::size_t) {
                                                 boost::system::error_code ignored;
                                                 stream->lowest_layer().close(ignored);
                                               });
                           });
  });
}

// ---- a WebSocket peer speaking the OpenClaw protocol ----

WsPeer::WsPeer(FakeGateway& gateway, tcp_socket socket) : gateway_(gateway), ws_(std::move(socket)) {}

void WsPeer::send_text(std::string text) {
  outbox_.push_back(std::move(text));
  if (outbox_.size() == 1) write_next();
}

void WsPeer::close(int code, std::string reason) {
  closing_ = {code, std::move(reason)};
  if (outbox_.empty()) do_close();
}

void WsPeer::write_raw(std::string bytes, std::function<void()> then) {
  auto data = std::make_shared<std::string>(std::move(bytes));
  asio::async_write(ws_.next_layer(), asio::buffer(*data),
                    [data, then, self = shared_from_this()](const boost::system::error_code&, std::size_t) {
                      if (then) then();
                    });
}

void WsPeer::reset() { gateway_test::reset(ws_.next_layer()); }

void WsPeer::write_next() {
  ws_.text(true);
  ws_.async_write(asio::buffer(outbox_.front()),
                  [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                    self->outbox_.pop_front();
                    if (ec) return;
                    if (!self->outbox_.empty()) {
                      self->write_next();
                    } else if (self->closing_) {
                      self->do_close();
                    }
                  });
}

void WsPeer::do_close() {
  ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(closing_->first), closing_->second),
                  [self = shared_from_this()](const boost::system::error_code&) {});
}

void WsPeer::start() {
  auto parser = std::make_shared<bhttp::request_parser<bhttp::string_body>>();
  bhttp::async_read(ws_.next_layer(), buffer_, *parser,
                    [self = shared_from_this(), parser](const boost::system::error_code& ec, std::size_t) {
                      if (ec) return;
                      self->upgrade_request = parser->release();
                      self->ws_.async_accept(self->upgrade_request, [self](const boost::system::error_code& accept_ec) {
                        if (accept_ec) return;
                        self->gateway_.on_open(*self);
                        self->read();
                      });
                    });
}

void WsPeer::read() {
  ws_.async_read(buffer_, [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
    if (ec) {
      if (ec == websocket::error::closed) self->client_close = self->ws_.reason();
      return;
    }
    const Json frame = Json::parse(beast::buffers_to_string(self->buffer_.data()), nullptr, false);
    self->buffer_.consume(self->buffer_.size());
    self->received.push_back(frame);
    self->gateway_.on_frame(*self, frame);
    self->read();
  });
}

FakeGateway::FakeGateway(asio::io_context& io, std::string token)
    : on_open([](WsPeer& peer) {
        peer.send({{"type", "event"},
                   {"event", "connect.challenge"},
                   {"payload", {{"nonce", "5f0c2c9e-2b7a-4c55-9a57-8d1f3c0f9e11"}, {"ts", 1795331774000LL}}}});
      }),
      on_frame([this](WsPeer& peer, const Json& frame) { default_frame(peer, frame); }),
      token_(std::move(token)),
      listener_(io, [this](std::shared_ptr<tcp_socket> socket) {
        auto peer = std::make_shared<WsPeer>(*this, std::move(*socket));
        peers.push_back(peer);
        peer->start();
      }) {
  replies["health"] = capture("ws-health.json");
  replies["status"] = capture("ws-status.json");
  replies["system-presence"] = capture("ws-system-presence.json");
}

void FakeGateway::default_frame(WsPeer& peer, const Json& frame) {
  const std::string id = frame.value("id", "");
  const std::string method = frame.value("method", "");
  if (method == "connect") {
    const Json auth = frame["params"].value("auth", Json::object());
    if (!auth.contains("token")) {
      reject(peer, id, "NOT_PAIRED", "device identity required", {{"code", "DEVICE_IDENTITY_REQUIRED"}}, 1008,
             "device identity required");
      return;
    }
    if (auth["token"] != token_) {
      reject(peer, id, "INVALID_REQUEST",
             "unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)",
             {{"code", "AUTH_TOKEN_MISMATCH"},
              {"authReason", "token_mismatch"},
              {"canRetryWithDeviceToken", false},
              {"recommendedNextStep", "update_auth_configuration"}},
             1008, "unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)");
      return;
    }
    Json hello = capture("ws-hello.json");
    hello["id"] = id;
    peer.send(hello);
    return;
  }
  auto reply = replies.find(method);
  if (reply == replies.end()) {
    peer.send({{"type", "res"},
               {"id", id},
               {"ok", false},
               {"error", {{"code", "INVALID_REQUEST"}, {"message", "unknown method: " + method}}}});
    return;
  }
  Json res = reply->second;
  res["id"] = id;
  peer.send(res);
}

void FakeGateway::reject(WsPeer& peer, const std::string& id, const std::string& code, const std::string& message,
                         const Json& details, int close_code, const std::string& close_reason) {
  peer.send({{"type", "res"},
             {"id", id},
             {"ok", false},
             {"error", {{"code", code}, {"message", message}, {"details", details}}}});
  peer.close(close_code, close_reason);
}

}  // namespace gateway_test
