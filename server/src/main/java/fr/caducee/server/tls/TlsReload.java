package fr.caducee.server.tls;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.rules.delivery.OperatorTlsSocketFactory;
import fr.caducee.server.TlsMaterial;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.revocation.RevocationLists;

/**
 * Puts new TLS material in force without a restart: the keystore, the trust anchors folder and the revocation lists
 * are read again and checked all together first (a keystore that cannot be opened or whose certificate is not valid,
 * an empty or unreadable anchors folder, a revocation-list file that no anchor signs: refused, the material in force
 * stays); then every TLS context takes them at its next handshake (listeners, the gateway, the receipts back to
 * hospitals, outbound delivery), the certificate checks of peers take the new anchors, and established sessions go
 * on. Each reload, done or refused, is a record of the audit trail.
 */
@Singleton
public final class TlsReload {
    private static final Logger LOGGER = LoggerFactory.getLogger(TlsReload.class);

    private final TlsMaterial tls;
    private final RevocationLists revocationLists;
    private final CertificateValidator validator;
    private final AuditTrail trail;

    /** What a reload did: the material in force after it, the revocation lists that could not be read (URLs). */
    public record Outcome(LoadedTls loaded, List<RevocationLists.RevocationList> lists,
                          List<RevocationLists.Failure> failures, Duration took) {
    }

    @Inject
    public TlsReload(TlsMaterial tls, RevocationLists revocationLists, CertificateValidator validator, AuditTrail trail) {
        this.tls = tls;
        this.revocationLists = revocationLists;
        this.validator = validator;
        this.trail = trail;
    }

    /**
     * @param by who asked (the WebAdmin caller's address), for the audit trail
     * @throws InvalidTlsMaterialException when the new material cannot be used: nothing was changed
     */
    public synchronized Outcome reload(String by) throws InvalidTlsMaterialException {
        long start = System.nanoTime();
        LoadedTls fresh;
        try {
            fresh = tls.read();
            checkLocalRevocationLists(fresh.anchors().certificates());
            tls.install(fresh);
        } catch (InvalidTlsMaterialException e) {
            LOGGER.warn("TLS reload refused, the material in force stays: {}", e.getMessage());
            audit(AuditRecord.builder(Decision.REFUSED).rule(Rule.TLS_RELOAD_REFUSED.id())
                .reason("400 " + e.getMessage()), by);
            throw e;
        }
        List<X509Certificate> anchors = fresh.anchors().certificates();
        validator.useAnchors(anchors);
        List<RevocationLists.Failure> failures = revocationLists.useAnchors(anchors);
        // Outbound delivery builds its context again at the next connection, with the new key and anchors.
        OperatorTlsSocketFactory.use(tls.keystore(), tls.secret(), validator);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        audit(AuditRecord.builder(Decision.TLS_RELOADED).rule(Rule.TLS_RELOADED.id())
            .reason(fresh.describe() + "; " + anchors.size() + " trust anchor(s); "
                + revocationLists.inForce().size() + " revocation list(s) in force"
                + (failures.isEmpty() ? "" : "; not read: " + failures)), by);
        return new Outcome(fresh, revocationLists.inForce(), failures, took);
    }

    /**
     * The revocation lists in files, read against the new anchors before anything changes: a file no new anchor
     * signs would leave its CA's peers deferred. Lists at URLs are read after the swap, as their refresh does: an
     * unreachable CA is an incident, not a mistake in the new material.
     */
    private void checkLocalRevocationLists(List<X509Certificate> anchors) throws InvalidTlsMaterialException {
        List<String> files = revocationLists.sources().stream().filter(source -> !source.contains("://")).toList();
        if (files.isEmpty()) {
            return;
        }
        try (RevocationLists trial = new RevocationLists(files, anchors, Clock.systemUTC())) {
            List<RevocationLists.Failure> failures = trial.refreshNow();
            if (!failures.isEmpty()) {
                throw new InvalidTlsMaterialException("revocation list(s) that cannot be used with the new trust "
                    + "anchors: " + failures);
            }
        }
    }

    private void audit(AuditRecord.Builder record, String by) {
        try {
            trail.append(record.via("webadmin").remote(by).build());
        } catch (AuditUnavailableException e) {
            LOGGER.error("Audit trail unavailable, TLS reload not recorded: {}", e.getMessage());
        }
    }
}
