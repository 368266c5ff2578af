package fr.caducee.server.identity;

import java.util.Optional;

import javax.inject.Singleton;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import fr.caducee.audit.AuditTrail;
import fr.caducee.domain.directory.Directory;
import fr.caducee.identity.login.SectorLogins;
import fr.caducee.identity.psc.PscSettings;
import fr.caducee.rules.transport.SaslLogins;
import fr.caducee.server.settings.Settings;
import fr.caducee.trust.certificate.CertificateValidator;

/**
 * The sector's logins IMAP ({@code imap.SectorLoginGuard}) and SMTP ({@code rules.transport.TlsFirstAuthCmdHandler})
 * ask for ({@link SaslLogins}): identity's {@link SectorLogins} over the directory, the trust anchors' certificate
 * checks and the audit trail, with Pro Santé Connect's settings read when the module is built, so that a mistake in
 * {@code caducee.psc.*} stops the start ({@link PscConfiguration}). No issuer: no token mechanism is offered.
 */
public final class SectorLoginsModule extends AbstractModule {
    private final Optional<PscSettings> psc;

    public SectorLoginsModule(Settings settings) {
        this.psc = PscConfiguration.from(settings);
    }

    @Provides
    @Singleton
    SaslLogins sectorLogins(Directory directory, CertificateValidator certificates, AuditTrail trail) {
        return SectorLogins.create(psc, directory, certificates, trail);
    }
}
