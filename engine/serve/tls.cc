#include "engine/serve/tls.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <httplib.h>

namespace kf::serve {
namespace {

struct Deleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter>;
using Cert = std::unique_ptr<X509, Deleter>;
using Bio = std::unique_ptr<BIO, Deleter>;

constexpr int64_t kValiditySeconds = 7 * 24 * 3600;

Status Failed(const std::string& step) { return Internal("tls: " + step + " failed"); }

Result<Key> NewKey() {
  Key key(EVP_EC_gen("P-256"));
  if (!key) return Failed("generating an EC P-256 key");
  return key;
}

bool AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

// A certificate for `key` named CN=cn, signed by issuer_key (self-signed
// when issuer is null).
Result<Cert> NewCert(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuer_key,
                     int64_t serial, UnixMillis now, bool is_ca) {
  Cert cert(X509_new());
  if (!cert) return Failed("X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set_int64(X509_get_serialNumber(cert.get()), serial);
  time_t start = static_cast<time_t>(now / 1000) - 3600;
  if (!X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, 0, &start) ||
      !X509_time_adj_ex(X509_getm_notAfter(cert.get()), 0, kValiditySeconds, &start)) {
    return Failed("setting the validity");
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("kubeflight"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509* signer = issuer ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  X509_set_pubkey(cert.get(), key);
  bool ok = is_ca ? AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE") &&
                        AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign") &&
                        AddExtension(cert.get(), signer, NID_subject_key_identifier, "hash")
                  : AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE") &&
                        AddExtension(cert.get(), signer, NID_key_usage,
                                     "critical,digitalSignature,keyEncipherment") &&
                        AddExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth") &&
                        AddExtension(cert.get(), signer, NID_subject_alt_name,
                                     "IP:127.0.0.1,DNS:localhost");
  if (!ok) return Failed("adding certificate extensions");
  if (X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) == 0) {
    return Failed("signing the certificate");
  }
  return cert;
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(n));
}

Result<std::string> CertPem(X509* cert) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return Failed("PEM-encoding a certificate");
  return BioText(bio.get());
}

Result<std::string> KeyPem(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Failed("PEM-encoding a key");
  }
  return BioText(bio.get());
}

}  // namespace

Result<TlsMaterial> GenerateTlsMaterial(UnixMillis now) {
  KF_ASSIGN_OR_RETURN(Key ca_key, NewKey());
  KF_ASSIGN_OR_RETURN(Cert ca, NewCert(ca_key.get(), "kubeflight-ca", nullptr, nullptr, 1, now, true));
  KF_ASSIGN_OR_RETURN(Key key, NewKey());
  KF_ASSIGN_OR_RETURN(Cert cert, NewCert(key.get(), "kubeflight-serve", ca.get(), ca_key.get(), 2, now, false));
  TlsMaterial out;
  KF_ASSIGN_OR_RETURN(out.ca_cert_pem, CertPem(ca.get()));
  KF_ASSIGN_OR_RETURN(out.server_cert_pem, CertPem(cert.get()));
  KF_ASSIGN_OR_RETURN(out.server_key_pem, KeyPem(key.get()));
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Failed("drawing the token");
  static const char kHex[] = "0123456789abcdef";
  for (unsigned char b : bytes) {
    out.token += kHex[b >> 4];
    out.token += kHex[b & 15];
  }
  return out;
}

Result<std::unique_ptr<httplib::Server>> MakeTlsServer(const TlsMaterial& tls) {
  Bio cert_bio(BIO_new_mem_buf(tls.server_cert_pem.data(), static_cast<int>(tls.server_cert_pem.size())));
  Bio key_bio(BIO_new_mem_buf(tls.server_key_pem.data(), static_cast<int>(tls.server_key_pem.size())));
  if (!cert_bio || !key_bio) return Failed("reading the server certificate");
  Cert cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  Key key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!cert || !key) return Failed("reading the server certificate");
  auto server = std::make_unique<httplib::SSLServer>(cert.get(), key.get());
  if (!server->is_valid()) return Failed("setting up the TLS context");
  return std::unique_ptr<httplib::Server>(std::move(server));
}

}  // namespace kf::serve
