package fr.caducee.server.storage.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account the managed PostgreSQL runs as. PostgreSQL refuses to run as root ({@code initdb: cannot be run as
 * root}): a server started as root runs it as the system user {@value #SYSTEM_USER}, created when missing
 * ({@code nobody} when it cannot be), through {@code setpriv}, which changes the user and then executes PostgreSQL
 * itself, so that the process we hold is the postmaster. Started as any other user, PostgreSQL runs as that user.
 */
public final class PostgresAccount {
    public static final String SYSTEM_USER = "caducee-pg";
    private static final Logger LOGGER = LoggerFactory.getLogger(PostgresAccount.class);

    private final String name;
    private final int uid;
    private final int gid;
    private final boolean switched;

    private PostgresAccount(String name, int uid, int gid, boolean switched) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.switched = switched;
    }

    /** The account for this JVM: itself, or a system user when it runs as root. */
    public static PostgresAccount forThisProcess() throws IOException {
        String self = System.getProperty("user.name");
        if (!"root".equals(self)) {
            return new PostgresAccount(self, -1, -1, false);
        }
        if (id("-u", SYSTEM_USER) < 0) {
            int created = execute(List.of("useradd", "--system", "--user-group", "--no-create-home",
                "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
                "--comment", "Caducee managed PostgreSQL", SYSTEM_USER));
            if (created == 0) {
                LOGGER.info("Created the system user {} to run the managed PostgreSQL (it refuses to run as root)",
                    SYSTEM_USER);
            }
        }
        String user = id("-u", SYSTEM_USER) >= 0 ? SYSTEM_USER : "nobody";
        if (user.equals("nobody")) {
            LOGGER.warn("The system user {} could not be created (useradd): the managed PostgreSQL runs as nobody",
                SYSTEM_USER);
        }
        return new PostgresAccount(user, id("-u", user), id("-g", user), true);
    }

    public String name() {
        return name;
    }

    /** Whether PostgreSQL runs as another user than this JVM (the JVM runs as root). */
    public boolean switched() {
        return switched;
    }

    /** The command line that runs {@code command} as this account. */
    public List<String> run(List<String> command) {
        List<String> line = new ArrayList<>();
        if (switched) {
            line.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        }
        line.addAll(command);
        return line;
    }

    /** Gives a folder or file to this account (only when it is another user than the JVM's). */
    public void own(Path path) throws IOException {
        if (switched) {
            Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name));
            Files.setAttribute(path, "posix:group",
                path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(groupName()));
        }
    }

    /**
     * Refuses a folder this account cannot reach: every folder above it must let it pass ({@code x} for others,
     * as the account is neither owner nor group of folders root made).
     */
    public void checkCanReach(Path folder) throws IOException {
        if (!switched) {
            return;
        }
        for (Path above = folder.toAbsolutePath().normalize().getParent(); above != null; above = above.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(above);
            if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("caducee.db.mode=managed: PostgreSQL refuses to run as root, so it "
                    + "runs as the system user " + name + ", which cannot enter " + above + " ("
                    + PosixFilePermissions.toString(permissions) + "); let others pass through it (chmod o+x "
                    + above + ") or choose a data folder it can reach");
            }
        }
    }

    private String groupName() throws IOException {
        Process process = new ProcessBuilder("id", "-gn", name).redirectErrorStream(true).start();
        String group = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        waitFor(process);
        return group;
    }

    private static int id(String option, String user) throws IOException {
        Process process = new ProcessBuilder("id", option, user).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (waitFor(process) != 0) {
            return -1;
        }
        return Integer.parseInt(out);
    }

    private static int execute(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int status = waitFor(process);
        if (status != 0) {
            LOGGER.warn("{} failed ({}): {}", String.join(" ", command), status, out);
        }
        return status;
    }

    private static int waitFor(Process process) throws IOException {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
