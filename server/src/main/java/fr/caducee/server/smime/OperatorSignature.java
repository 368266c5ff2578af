package fr.caducee.server.smime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.identity.smime.ServerSigner;
import fr.caducee.identity.smime.SigningKey;
import fr.caducee.server.ServerLayout;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.trust.pki.DevPki;

/**
 * The S/MIME settings, read and checked once at start: the operator's signer ({@code caducee.smime.sign}, its key in
 * {@code caducee.smime.keystore} with the password from {@code caducee.smime.secretFile} or
 * {@code CADUCEE_SMIME_SECRET}) and whether incoming signatures are checked ({@code caducee.smime.verify}).
 *
 * <p>Without a keystore, the development PKI's {@code pki/operator-signing.p12} (made for
 * {@code postmaster@<default domain>} when missing), with the development keystores' password; a server with its own
 * TLS keystore (production) must name its signing keystore too, or turn signing off: it does not start otherwise. A
 * keystore that cannot be read, whose key does not match its certificate, or whose certificate is expired or not for
 * e-mail stops the start, named; the password is never written anywhere.
 */
public final class OperatorSignature {
    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorSignature.class);

    private final Optional<ServerSigner> signer;
    private final boolean verify;

    public OperatorSignature(Optional<ServerSigner> signer, boolean verify) {
        this.signer = signer;
        this.verify = verify;
    }

    public static OperatorSignature prepare(ServerLayout layout, Settings settings, TlsMaterial tls) throws Exception {
        boolean verify = settings.flag(Setting.SMIME_VERIFY);
        if (!settings.flag(Setting.SMIME_SIGN)) {
            LOGGER.warn("S/MIME: the messages the server writes are NOT signed ({}=false)", Setting.SMIME_SIGN.key());
            return new OperatorSignature(Optional.empty(), verify);
        }
        Optional<Path> configured = settings.optional(Setting.SMIME_KEYSTORE).filter(value -> !value.isBlank())
            .map(value -> settings.path(Setting.SMIME_KEYSTORE));
        Path keystore;
        char[] secret;
        if (configured.isPresent()) {
            keystore = configured.get();
            if (!Files.isReadable(keystore)) {
                throw settings.invalid(Setting.SMIME_KEYSTORE, "names " + keystore + ", which cannot be read");
            }
            secret = settings.secret(Setting.SMIME_SECRET).orElseThrow(() -> new IllegalStateException(
                "S/MIME signing keystore " + keystore + " is set but not its password: put it in a file readable only "
                    + "by the server's account and name that file with " + Setting.SMIME_SECRET_FILE.key()
                    + ", or in the environment variable CADUCEE_SMIME_SECRET")).toCharArray();
        } else if (tls.development()) {
            DevPki pki = DevPki.ensure(layout.pkiDir(), layout.hostNames());
            keystore = pki.ensureOperatorSigning(settings.text(Setting.DEFAULT_DOMAIN));
            secret = settings.secret(Setting.SMIME_SECRET).map(String::toCharArray).orElse(pki.secret());
        } else {
            throw new IllegalStateException("The server has its own TLS keystore but no S/MIME signing keystore: set "
                + Setting.SMIME_KEYSTORE.key() + " (the operator's signing certificate, PKCS#12, emailProtection) "
                + "with its password in " + Setting.SMIME_SECRET_FILE.key() + ", or " + Setting.SMIME_SIGN.key()
                + "=false to send the server's messages unsigned");
        }
        SigningKey key = SigningKey.load(keystore, secret, Instant.now());
        LOGGER.info("S/MIME: the messages the server writes are signed as {} (until {}), keystore {}{}",
            key.certificate().getSubjectX500Principal().getName(), key.certificate().getNotAfter().toInstant(),
            keystore, tls.development() && configured.isEmpty() ? " (DEVELOPMENT PKI)" : "");
        return new OperatorSignature(Optional.of(new ServerSigner(key)), verify);
    }

    /** Empty when signing is off. */
    public Optional<ServerSigner> signer() {
        return signer;
    }

    public boolean verify() {
        return verify;
    }
}
