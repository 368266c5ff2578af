package fr.caducee.server.health;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import fr.caducee.identity.smime.ServerSigner;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.smime.OperatorSignature;
import reactor.core.publisher.Mono;

/**
 * The server's certificates are in their dates: the TLS certificate in force (every listener's, and the client
 * certificate of delivery to other operators, which is the same) and the operator's S/MIME signing certificate.
 * Degraded within {@link #WARNING_DAYS} days of the end (the sector's CA warns as far ahead), saying the days left;
 * unhealthy once one has expired.
 */
public final class CertificatesHealthCheck implements HealthCheck {
    static final ComponentName NAME = new ComponentName("CertificateExpiry");
    static final long WARNING_DAYS = 60;

    private final TlsMaterial tls;
    private final OperatorSignature signature;
    private final Clock clock;

    @Inject
    public CertificatesHealthCheck(TlsMaterial tls, OperatorSignature signature) {
        this(tls, signature, Clock.systemUTC());
    }

    CertificatesHealthCheck(TlsMaterial tls, OperatorSignature signature, Clock clock) {
        this.tls = tls;
        this.signature = signature;
        this.clock = clock;
    }

    @Override
    public ComponentName componentName() {
        return NAME;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromSupplier(this::judge);
    }

    private Result judge() {
        Map<String, X509Certificate> certificates = new LinkedHashMap<>();
        certificates.put("the server certificate (TLS: every listener, and delivery to other operators; " + tls.keystore()
            + "; renew it with the CA, replace the keystore and run `caducee reload`)", tls.certificate());
        signature.signer().map(ServerSigner::certificate).ifPresent(signing -> certificates.put("the operator's S/MIME "
            + "signing certificate (renew it with the CA, replace caducee.smime.keystore and restart)", signing));
        Instant now = clock.instant();
        List<String> expired = new ArrayList<>();
        List<String> soon = new ArrayList<>();
        certificates.forEach((what, certificate) -> {
            Instant end = certificate.getNotAfter().toInstant();
            String named = what + " " + certificate.getSubjectX500Principal().getName() + ", serial "
                + certificate.getSerialNumber().toString(16);
            if (end.isBefore(now)) {
                expired.add(named + " expired on " + end);
            } else if (Checks.daysLeft(now, end) < WARNING_DAYS) {
                soon.add(named + " expires in " + Checks.daysLeft(now, end) + " day(s), on " + end);
            }
        });
        if (!expired.isEmpty()) {
            List<String> all = new ArrayList<>(expired);
            all.addAll(soon);
            return Result.unhealthy(NAME, String.join("; ", all));
        }
        if (!soon.isEmpty()) {
            return Result.degraded(NAME, String.join("; ", soon));
        }
        return Result.healthy(NAME);
    }
}
