package fr.caducee.server;

import java.util.List;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;

/**
 * The TLS every listener (SMTP and IMAP) offers, written once here rather than in each server of smtpserver.xml and
 * imapserver.xml: the protocol versions, the cipher suites, and the keystore secret, which comes from
 * {@link TlsMaterial} rather than from the XML. The XML keeps what differs per listener: implicit TLS or STARTTLS,
 * the keystore and, for the MX, the client certificate check and its truststore; for the listeners of mail clients,
 * {@code <clientCertificate>asked</clientCertificate>}: a certificate asked for and not required
 * ({@link AskedClientCertificates}).
 */
public final class ListenerTls {
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Forward-secret AEAD suites only: no RC4, 3DES, CBC or export-grade suites. */
    public static final List<String> CIPHER_SUITES = List.of(
        "TLS_AES_256_GCM_SHA384",
        "TLS_AES_128_GCM_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** {@code <tls><clientCertificate>asked</clientCertificate>}: see {@link AskedClientCertificates}. */
    public static final String CLIENT_CERTIFICATE = "clientCertificate";
    public static final String ASKED = "asked";
    /** Set here only: a listener that names one of them in the XML would have a second list. */
    private static final List<String> FROM_CODE = List.of("secret", "clientAuth.truststoreSecret",
        "supportedProtocols.protocol", "supportedCipherSuites.cipherSuite");

    private ListenerTls() {
    }

    /**
     * Completes the {@code <tls>} of each {@code element} (smtpserver, imapserver) of {@code file}, as James's server
     * factory receives it, before James reads it.
     */
    public static void complete(HierarchicalConfiguration<ImmutableNode> servers, String file, String element,
                                char[] secret) throws ConfigurationException {
        int count = servers.configurationsAt(element).size();
        for (int i = 0; i < count; i++) {
            String tls = element + "(" + i + ").tls";
            if (!servers.containsKey(tls + "[@socketTLS]") && !servers.containsKey(tls + "[@startTLS]")) {
                continue;
            }
            for (String key : FROM_CODE) {
                if (servers.containsKey(tls + "." + key)) {
                    throw new ConfigurationException(file + ": " + element + " " + servers.getString(element + "(" + i
                        + ").jmxName", String.valueOf(i)) + " sets tls." + key + ", which every listener takes from "
                        + "the server's TLS material and its one list (ListenerTls): remove it from the XML");
                }
            }
            if (servers.containsKey(tls + "." + CLIENT_CERTIFICATE)) {
                String name = servers.getString(element + "(" + i + ").jmxName", String.valueOf(i));
                if (!ASKED.equals(servers.getString(tls + "." + CLIENT_CERTIFICATE).strip())) {
                    throw new ConfigurationException(file + ": " + element + " " + name + ": tls." + CLIENT_CERTIFICATE
                        + " can only be '" + ASKED + "' (a certificate asked for, not required)");
                }
                if (servers.containsKey(tls + ".clientAuth.truststore")) {
                    throw new ConfigurationException(file + ": " + element + " " + name + " sets both tls.clientAuth "
                        + "(a certificate required) and tls." + CLIENT_CERTIFICATE + " (asked for): keep one");
                }
            }
            servers.setProperty(tls + ".secret", new String(secret));
            if (servers.containsKey(tls + ".clientAuth.truststore")) {
                servers.setProperty(tls + ".clientAuth.truststoreSecret", new String(secret));
            }
            servers.addProperty(tls + ".supportedProtocols.protocol", PROTOCOLS);
            servers.addProperty(tls + ".supportedCipherSuites.cipherSuite", CIPHER_SUITES);
        }
    }

    /** Whether one listener's configuration (an smtpserver or imapserver element) asks for a client certificate. */
    public static boolean clientCertificateAsked(HierarchicalConfiguration<ImmutableNode> server) {
        return ASKED.equals(server.getString("tls." + CLIENT_CERTIFICATE, "").strip());
    }
}
