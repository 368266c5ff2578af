package fr.caducee.server.smime;

import java.time.Clock;

import javax.inject.Singleton;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import fr.caducee.identity.smime.SignatureVerifier;
import fr.caducee.trust.certificate.CertificateValidator;

/**
 * S/MIME: the operator's signer prepared at start ({@link OperatorSignature}) for {@link ServerMessageSigning}, and
 * the check of incoming signatures with the peers' certificate checks for {@link SignatureCheck}.
 */
public class SmimeModule extends AbstractModule {
    private final OperatorSignature signature;

    public SmimeModule(OperatorSignature signature) {
        this.signature = signature;
    }

    @Override
    protected void configure() {
        bind(OperatorSignature.class).toInstance(signature);
    }

    @Provides
    @Singleton
    SignatureVerifier verifier(CertificateValidator validator) {
        return new SignatureVerifier(validator, Clock.systemUTC());
    }
}
