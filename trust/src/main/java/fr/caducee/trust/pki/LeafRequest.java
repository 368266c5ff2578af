package fr.caducee.trust.pki;

import java.net.IDN;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

/**
 * What an end-entity certificate must say: who it names, for which host names, and whether it
 * authenticates a TLS server, a TLS client or both (an operator relaying mail presents the same
 * certificate in both roles).
 *
 * @param organisation {@code null} when the subject has no O attribute
 * @param subject      the whole subject DN (RFC 2253, most specific first), in place of CN and O, for certificates
 *                     that a whitelist names by DN; {@code null} for {@code O=organisation,CN=commonName}
 */
public record LeafRequest(
        String commonName,
        String organisation,
        List<String> dnsNames,
        boolean serverAuth,
        boolean clientAuth,
        Instant notBefore,
        Instant notAfter,
        KeyAlgorithm keyAlgorithm,
        String subject) {

    /** Starting an hour early tolerates peers whose clock is slightly behind. */
    public static final Duration DEFAULT_BACKDATING = Duration.ofHours(1);
    /** The longest lifetime browsers and most TLS policies still accept for a leaf. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(825);

    public LeafRequest {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("a leaf certificate needs a common name");
        }
        if (organisation != null && organisation.isBlank()) {
            organisation = null;
        }
        dnsNames = Objects.requireNonNull(dnsNames, "dnsNames").stream()
                .map(LeafRequest::toDnsName)
                .distinct()
                .toList();
        if (!serverAuth && !clientAuth) {
            // A leaf without extendedKeyUsage would be valid for any purpose.
            throw new IllegalArgumentException("a leaf certificate must allow serverAuth, clientAuth or both");
        }
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException("notBefore " + notBefore + " must precede notAfter " + notAfter);
        }
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        if (subject != null) {
            new X500Principal(subject); // IllegalArgumentException, with the reason, if it is not a DN
        }
    }

    public static Builder builder(String commonName) {
        return new Builder(commonName);
    }

    /** dNSName is an IA5String: internationalised names go in their A-label (punycode) form. */
    private static String toDnsName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("blank DNS name in subjectAltName");
        }
        try {
            return IDN.toASCII(name.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid DNS name '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Collects a request; unset validity defaults to now - 1 hour .. now + 825 days at {@link #build()}. */
    public static final class Builder {
        private final String commonName;
        private String organisation;
        private final List<String> dnsNames = new ArrayList<>();
        private boolean serverAuth;
        private boolean clientAuth;
        private Instant notBefore;
        private Instant notAfter;
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private String subject;

        private Builder(String commonName) {
            this.commonName = commonName;
        }

        public Builder organisation(String organisation) {
            this.organisation = organisation;
            return this;
        }

        public Builder dnsName(String dnsName) {
            dnsNames.add(dnsName);
            return this;
        }

        public Builder dnsNames(Collection<String> names) {
            dnsNames.addAll(names);
            return this;
        }

        public Builder serverAuth(boolean serverAuth) {
            this.serverAuth = serverAuth;
            return this;
        }

        public Builder clientAuth(boolean clientAuth) {
            this.clientAuth = clientAuth;
            return this;
        }

        public Builder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        /** The whole subject DN, e.g. {@code CN=caducee.localhost,OU=...,O=Caducee,C=FR}, instead of CN and O. */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
            this.keyAlgorithm = keyAlgorithm;
            return this;
        }

        public LeafRequest build() {
            Instant now = Instant.now();
            return new LeafRequest(commonName, organisation, dnsNames, serverAuth, clientAuth,
                    notBefore != null ? notBefore : now.minus(DEFAULT_BACKDATING),
                    notAfter != null ? notAfter : now.plus(DEFAULT_VALIDITY),
                    keyAlgorithm, subject);
        }
    }
}
