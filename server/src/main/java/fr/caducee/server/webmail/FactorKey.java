package fr.caducee.server.webmail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import fr.caducee.trust.pki.SecureFiles;

/**
 * The key that seals the patients' TOTP secrets in the database ({@code webmail_account.totp_secret}, AES-GCM):
 * {@code <data>/secrets/webmail-factor.key}, 32 random bytes made at the first start, folder and file readable by the
 * server's account alone. A copy of the database without this file does not give the second factors away; the file
 * lost, every patient enrols again. A key file others can read stops the start.
 */
final class FactorKey {
    static final String FOLDER = "secrets";
    static final String FILE = "webmail-factor.key";
    static final int BYTES = 32;
    private static final Set<PosixFilePermission> NOT_OWNER = Set.of(
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private FactorKey() {
    }

    /** The key of this data folder, made on first use. */
    static SecretKey ensure(Path dataDir) throws IOException {
        Path folder = dataDir.resolve(FOLDER);
        Path file = folder.resolve(FILE);
        SecureFiles.createPrivateDirectory(folder);
        if (!Files.exists(file)) {
            byte[] key = new byte[BYTES];
            new SecureRandom().nextBytes(key);
            SecureFiles.write(file, key, true);
        }
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
                throw new IllegalStateException(file + " can be read or changed by other accounts ("
                    + PosixFilePermissions.toString(permissions) + "): it seals the patients' second factors; make it "
                    + "readable by the server's account alone (chmod 600 " + file + ") and start again");
            }
        }
        byte[] key = Files.readAllBytes(file);
        if (key.length != BYTES) {
            throw new IllegalStateException(file + " holds " + key.length + " bytes, not a key of " + BYTES + ": "
                + "restore it from the data folder's backup (without it, every patient must enrol their second factor "
                + "again: delete the file and empty webmail_account.totp_secret)");
        }
        return new SecretKeySpec(key, "AES");
    }
}
