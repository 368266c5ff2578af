package fr.caducee.rules.peers;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.apache.james.protocols.smtp.SMTPSession;

/** Who a peer operator proved to be during the TLS handshake: its certificate's subject, issuer, serial and host names. */
public record PeerIdentity(String subject, String issuer, String serial, List<String> dnsNames, boolean clientAuthUsage) {
    private static final String CLIENT_AUTH_USAGE = "1.3.6.1.5.5.7.3.2";
    private static final int DNS_NAME = 2;

    /** Empty when the session is not encrypted or the peer presented no certificate. */
    public static Optional<PeerIdentity> of(SMTPSession session) {
        return session.getSSLSession().flatMap(PeerIdentity::of);
    }

    static Optional<PeerIdentity> of(SSLSession tls) {
        try {
            Certificate[] chain = tls.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return Optional.empty();
            }
            return Optional.of(of(leaf));
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    static PeerIdentity of(X509Certificate leaf) {
        return new PeerIdentity(leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(),
            leaf.getSerialNumber().toString(16), dnsNames(leaf), hasClientAuthUsage(leaf));
    }

    private static List<String> dnsNames(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    if (name.size() == 2 && Integer.valueOf(DNS_NAME).equals(name.get(0)) && name.get(1) instanceof String host) {
                        names.add(host.toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unparsable extension names nothing: the peer is refused for want of a host name
        }
        return List.copyOf(names);
    }

    private static boolean hasClientAuthUsage(X509Certificate leaf) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages != null && usages.contains(CLIENT_AUTH_USAGE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
