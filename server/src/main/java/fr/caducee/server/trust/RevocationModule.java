package fr.caducee.server.trust;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.domain.directory.TrustedDomains;
import fr.caducee.rules.delivery.OperatorTlsSocketFactory;
import fr.caducee.rules.delivery.SMTPTransport;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.revocation.RevocationLists;

/**
 * The checks of other operators' certificates, inbound (MX) and outbound (delivery): the trust anchors of the
 * server's TLS material (those of the truststore it wrote for James's MX listener), and the certificate revocation lists of their CAs:
 * <ul>
 *   <li>{@code caducee.crl}: comma-separated files and/or {@code http(s)://} URLs of CRLs (PEM or DER), each signed by
 *       a trust anchor;</li>
 *   <li>{@code caducee.crl.refreshSeconds}: how often they are read again (default 3600);</li>
 *   <li>with the development PKI, its root's list ({@code pki/dev-root-ca.crl}) is read as well.</li>
 * </ul>
 * A local file that cannot be loaded at start stops the server (a configuration mistake); an unreachable URL is
 * logged, and peers certified by that CA are deferred ({@code 454 4.7.0}) until its list loads.
 */
public class RevocationModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(RevocationModule.class);
    /** Published by TlsMaterial at start when it creates the development PKI: that PKI's own revocation list. */
    static final String DEVELOPMENT_SOURCE = Setting.CRL_DEVELOPMENT.key();

    private final Settings settings;

    public RevocationModule(Settings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    RevocationLists revocationLists(TlsMaterial tls) {
        return new RevocationLists(sources(settings), tls.anchors(), Clock.systemUTC());
    }

    @Provides
    @Singleton
    CertificateValidator certificateValidator(RevocationLists revocationLists) {
        return new CertificateValidator(revocationLists.anchors(), revocationLists);
    }

    @ProvidesIntoSet
    InitializationOperation loadRevocationLists(Lifecycle lifecycle) {
        return InitilizationOperationBuilder.forClass(Lifecycle.class).init(lifecycle::start);
    }

    static List<String> sources(Settings settings) {
        List<String> sources = new ArrayList<>();
        for (String source : settings.text(Setting.CRL).split(",")) {
            if (!source.isBlank()) {
                sources.add(source.trim());
            }
        }
        String development = System.getProperty(DEVELOPMENT_SOURCE, "");
        if (!development.isBlank()) {
            sources.add(development);
        }
        return sources;
    }

    /**
     * First load, then the refresh schedule; hands the checks to outbound delivery (the certificate checks to its TLS,
     * the whitelist's operator DNs to its transport); stopped with the server.
     */
    @Singleton
    static class Lifecycle implements Startable {
        private final RevocationLists lists;
        private final CertificateValidator validator;
        private final TrustedDomains trustSpace;
        private final Duration period;
        private final TlsMaterial tls;

        @Inject
        Lifecycle(RevocationLists lists, CertificateValidator validator, TrustedDomains trustSpace, Settings settings,
                  TlsMaterial tls) {
            this.lists = lists;
            this.tls = tls;
            this.validator = validator;
            this.trustSpace = trustSpace;
            this.period = Duration.ofSeconds(settings.number(Setting.CRL_REFRESH_SECONDS, 1, Long.MAX_VALUE));
        }

        void start() {
            List<RevocationLists.Failure> failures = lists.refreshNow();
            List<String> localFailures = failures.stream().filter(RevocationLists.Failure::local).map(Object::toString).toList();
            if (!localFailures.isEmpty()) {
                throw new IllegalStateException("Certificate revocation lists could not be loaded (" + Setting.CRL + "): "
                    + String.join("; ", localFailures));
            }
            failures.forEach(failure -> LOGGER.error("Certificate revocation list not loaded, peers certified by its CA "
                + "are deferred (454 4.7.0) until it loads: {}", failure));
            for (X509Certificate anchor : lists.anchorsWithoutList()) {
                LOGGER.warn("No revocation list (CRL) for the trust anchor {}: peers whose certificates it issued are "
                    + "deferred (454 4.7.0), and deliveries to them wait, until its CRL is listed in {}",
                    anchor.getSubjectX500Principal().getName(), Setting.CRL);
            }
            LOGGER.info("Certificate revocation lists: {} in force from {} source(s), refreshed every {} s",
                lists.inForce().size(), lists.sources().size(), period.toSeconds());
            lists.start(period);
            OperatorTlsSocketFactory.use(tls.keystore(), tls.secret(), validator);
            SMTPTransport.use(trustSpace);
        }

        @PreDestroy
        void stop() {
            lists.close();
        }
    }
}
