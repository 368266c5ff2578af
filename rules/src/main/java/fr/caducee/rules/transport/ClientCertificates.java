package fr.caducee.rules.transport;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The certificates a mail client showed during the TLS handshake of a submission or IMAP listener, which ask for one
 * without requiring it and take any: whether they chain to the anchors and name a box is {@link SaslLogins#external}'s
 * to decide.
 */
public final class ClientCertificates {
    private ClientCertificates() {
    }

    /** Leaf first; empty when the connection is not encrypted or the client showed none. */
    public static List<X509Certificate> of(Optional<SSLSession> tls) {
        if (tls.isEmpty()) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : tls.get().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
