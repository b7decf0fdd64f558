#pragma once
// A certificate for 127.0.0.1 made when the test runs (nothing to expire in the tree): an
// ECDSA P-256 key and a self-signed certificate with the address in subjectAltName, written
// as PEM so the kiosk can be told to trust it (SyncSettings::ca_file). Tests and the sync
// benchmark put it on a cpp-httplib SSLServer.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace coi::sync::test {

class TlsIdentity {
public:
    // Writes the certificate to cert_file (PEM).
    explicit TlsIdentity(const std::filesystem::path& cert_file)
        : m_cert_file(cert_file)
    {
        m_key.reset(EVP_EC_gen("P-256"));
        m_cert.reset(X509_new());
        if (!m_key || !m_cert)
            throw std::runtime_error("cannot make a test key");
        X509* x = m_cert.get();
        X509_set_version(x, 2); // v3: extensions
        ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
        X509_gmtime_adj(X509_getm_notBefore(x), -3600);
        X509_gmtime_adj(X509_getm_notAfter(x), 7 * 24 * 3600);
        X509_set_pubkey(x, m_key.get());
        X509_NAME* name = X509_get_subject_name(x);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
        X509_set_issuer_name(x, name);
        X509V3_CTX context;
        X509V3_set_ctx_nodb(&context);
        X509V3_set_ctx(&context, x, x, nullptr, nullptr, 0);
        for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"}, std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
            X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
            if (!extension)
                throw std::runtime_error("cannot make a test certificate extension");
            X509_add_ext(x, extension, -1);
            X509_EXTENSION_free(extension);
        }
        if (X509_sign(x, m_key.get(), EVP_sha256()) == 0)
            throw std::runtime_error("cannot sign the test certificate");
        std::unique_ptr<FILE, int (*)(FILE*)> out(std::fopen(cert_file.c_str(), "w"), &std::fclose);
        if (!out || PEM_write_X509(out.get(), x) != 1)
            throw std::runtime_error("cannot write " + cert_file.string());
    }

    X509* certificate() const { return m_cert.get(); }
    EVP_PKEY* key() const { return m_key.get(); }
    std::string cert_file() const { return m_cert_file.string(); }

private:
    struct KeyFree {
        void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
    };
    struct CertFree {
        void operator()(X509* c) const { X509_free(c); }
    };
    std::filesystem::path m_cert_file;
    std::unique_ptr<EVP_PKEY, KeyFree> m_key;
    std::unique_ptr<X509, CertFree> m_cert;
};

} // namespace coi::sync::test
