package fr.caducee.trust.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;

import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.pki.SecureFiles;

/**
 * The operator's key for WebAdmin: whoever can read the private key may sign tokens ({@link AdminToken}) that
 * WebAdmin accepts, and the server checks them with the public key. Created on first start in
 * {@code <data>/pki/webadmin/}, folder and files owner-only, so that the operator is the account that runs the
 * server (or root): another local user can no longer reach the administration API by being on the host.
 *
 * <p>RSA 3072 and RS256: James's WebAdmin verifies RS256 tokens, and {@code openssl dgst -sha256 -sign} signs them
 * from a shell script without any other tool.
 */
public final class OperatorKey {
    public static final String FOLDER = "webadmin";
    public static final String PRIVATE_KEY_FILE = "operator-key.pem";
    public static final String PUBLIC_KEY_FILE = "operator-public.pem";
    /** Where James's webadmin.properties finds the public key ({@code jwt.publickeypem.url}). */
    public static final String PUBLIC_KEY_PROPERTY = "caducee.webadmin.publicKey";
    private static final int KEY_BITS = 3072;

    private final Path folder;

    private OperatorKey(Path folder) {
        this.folder = folder;
    }

    /** The key pair of the data folder's PKI folder, created when missing (first start). */
    public static OperatorKey ensure(Path pkiDir) throws IOException {
        OperatorKey key = new OperatorKey(pkiDir.resolve(FOLDER));
        if (!Files.isRegularFile(key.privateKey()) || !Files.isRegularFile(key.publicKey())) {
            key.create();
        }
        return key;
    }

    /** The key of an existing data folder, for a client that signs tokens; fails naming the file it cannot read. */
    public static PrivateKey readPrivateKey(Path dataDir) throws IOException {
        Path file = dataDir.resolve("pki").resolve(FOLDER).resolve(PRIVATE_KEY_FILE);
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read the operator key " + file + ": run as the account that runs the"
                + " server, and name its data folder with --data or CADUCEE_DATA");
        }
        return Pem.readPrivateKey(file);
    }

    public Path privateKey() {
        return folder.resolve(PRIVATE_KEY_FILE);
    }

    public Path publicKey() {
        return folder.resolve(PUBLIC_KEY_FILE);
    }

    private void create() throws IOException {
        SecureFiles.createPrivateDirectory(folder.getParent());
        SecureFiles.createPrivateDirectory(folder);
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create the WebAdmin operator key: " + e.getMessage(), e);
        }
        // The public key first: a crash between the two leaves no private key without its public half.
        String publicPem = "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
        SecureFiles.write(publicKey(), publicPem.getBytes(StandardCharsets.US_ASCII), true);
        Pem.writePrivateKey(privateKey(), pair.getPrivate());
    }
}
