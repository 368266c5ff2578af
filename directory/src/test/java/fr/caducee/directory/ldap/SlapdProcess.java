package fr.caducee.directory.ldap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * A real OpenLDAP server for tests, on loopback: its own cn=config (core, cosine, inetorgperson and our schema,
 * the pw-pbkdf2 module, an mdb database for the base DN with the store's equality indexes) in a temporary
 * directory, removed on {@link #close()}. Needs Debian's slapd and slapd-contrib; without them it fails, telling to
 * run {@code scripts/install-test-dependencies}, rather than letting tests skip silently.
 *
 * <p>Shipped in the directory module's test jar for the server's integration tests.
 */
public final class SlapdProcess implements AutoCloseable {

    public static final String DEFAULT_BASE_DN = "o=caducee";

    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
    private static final Path MODULES = Path.of("/usr/lib/ldap");
    private static final Path SCHEMAS = Path.of("/etc/ldap/schema");
    private static final List<String> STANDARD_SCHEMAS = List.of("core", "cosine", "inetorgperson");
    private static final List<String> INDEXED = List.of("objectClass", "cadIdNat", "mail", "cadMember", "cadIns",
            "cadStructureId", "cadRepresentative");
    private static final long START_TIMEOUT_MILLIS = 20_000;
    private static final int START_ATTEMPTS = 3;

    private final Path directory;
    private final Process process;
    private final int port;
    private final String baseDn;
    private final String bindDn;
    private final String password;

    private SlapdProcess(Path directory, Process process, int port, String baseDn, String bindDn, String password) {
        this.directory = directory;
        this.process = process;
        this.port = port;
        this.baseDn = baseDn;
        this.bindDn = bindDn;
        this.password = password;
    }

    public static SlapdProcess start() throws IOException {
        return start(DEFAULT_BASE_DN);
    }

    /** Configures and starts slapd for {@code baseDn}, with an empty database; returns once it answers binds. */
    public static SlapdProcess start(String baseDn) throws IOException {
        requireInstalled();
        Path directory = Files.createTempDirectory("slapd-");
        try {
            String bindDn = "cn=admin," + baseDn;
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            configure(directory, baseDn, bindDn, password);
            IOException lastFailure = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                int port = freePort();
                Process process = launch(directory, port);
                try {
                    awaitReady(process, port, bindDn, password, directory);
                    return new SlapdProcess(directory, process, port, baseDn, bindDn, password);
                } catch (IOException e) {
                    // Most likely the port was taken between choosing it and slapd binding it: try another.
                    stop(process);
                    lastFailure = e;
                }
            }
            throw lastFailure;
        } catch (IOException | RuntimeException e) {
            delete(directory);
            throw e;
        }
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String baseDn() {
        return baseDn;
    }

    /** The rootdn, which may do anything in the database. */
    public String bindDn() {
        return bindDn;
    }

    public String password() {
        return password;
    }

    /** A new connection bound as the rootdn; the caller closes it. */
    public LDAPConnection connect() throws LDAPException {
        return new LDAPConnection(host(), port, bindDn, password);
    }

    /** Adds the base entry and the four containers, as the embedded server does. */
    public SlapdProcess createSkeleton() throws LDAPException {
        try (LDAPConnection connection = connect()) {
            for (Entry entry : DirectorySkeleton.skeleton(baseDn)) {
                connection.add(entry);
            }
        }
        return this;
    }

    /** The temporary directory holding slapd's configuration, database and log. */
    public Path directory() {
        return directory;
    }

    /** The log slapd wrote (debug level 0: errors only). */
    public String log() throws IOException {
        return Files.readString(directory.resolve("slapd.log"), StandardCharsets.UTF_8);
    }

    /**
     * Freezes slapd (SIGSTOP): its port stays open and answers nothing, as a directory that hangs; clients time out.
     * {@link #resume()} lets it go on where it was.
     */
    public void pause() throws IOException {
        signal("-STOP");
    }

    public void resume() throws IOException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IOException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling slapd", e);
        }
    }

    @Override
    public void close() {
        stop(process);
        delete(directory);
    }

    private static void requireInstalled() {
        for (Path needed : List.of(SLAPD, SLAPADD, MODULES.resolve("pw-pbkdf2.so"), MODULES.resolve("back_mdb.so"),
                SCHEMAS.resolve("core.ldif"))) {
            if (!Files.exists(needed)) {
                throw new IllegalStateException(needed + " is missing: OpenLDAP is needed for this test. Run "
                        + "scripts/install-test-dependencies (Debian packages slapd, slapd-contrib, ldap-utils)");
            }
        }
    }

    private static void configure(Path directory, String baseDn, String bindDn, String password) throws IOException {
        Path config = Files.createDirectories(directory.resolve("slapd.d"));
        Files.createDirectories(directory.resolve("data"));
        Path schema = directory.resolve("caducee.ldif");
        Files.writeString(schema, OpenLdapSchema.cnConfigLdif(), StandardCharsets.UTF_8);
        Path ldif = directory.resolve("config.ldif");
        Files.writeString(ldif, configLdif(directory, schema, baseDn, bindDn, password), StandardCharsets.UTF_8);
        run(directory, List.of(SLAPADD.toString(), "-n0", "-F", config.toString(), "-l", ldif.toString()));
    }

    private static String configLdif(Path directory, Path schema, String baseDn, String bindDn, String password) {
        StringBuilder ldif = new StringBuilder();
        ldif.append("dn: cn=config\nobjectClass: olcGlobal\ncn: config\n")
                .append("olcPidFile: ").append(directory.resolve("slapd.pid")).append('\n')
                .append("olcArgsFile: ").append(directory.resolve("slapd.args")).append("\n\n");
        ldif.append("dn: cn=module{0},cn=config\nobjectClass: olcModuleList\ncn: module{0}\n")
                .append("olcModulePath: ").append(MODULES).append('\n')
                .append("olcModuleLoad: back_mdb\nolcModuleLoad: pw-pbkdf2\n\n");
        ldif.append("dn: cn=schema,cn=config\nobjectClass: olcSchemaConfig\ncn: schema\n\n");
        for (String name : STANDARD_SCHEMAS) {
            ldif.append("include: file://").append(SCHEMAS.resolve(name + ".ldif")).append("\n\n");
        }
        ldif.append("include: file://").append(schema).append("\n\n");
        ldif.append("dn: olcDatabase={-1}frontend,cn=config\nobjectClass: olcDatabaseConfig\n")
                .append("objectClass: olcFrontendConfig\nolcDatabase: {-1}frontend\n\n");
        ldif.append("dn: olcDatabase={0}config,cn=config\nobjectClass: olcDatabaseConfig\n")
                .append("olcDatabase: {0}config\nolcAccess: {0}to * by * none\n\n");
        ldif.append("dn: olcDatabase={1}mdb,cn=config\nobjectClass: olcDatabaseConfig\nobjectClass: olcMdbConfig\n")
                .append("olcDatabase: {1}mdb\n")
                .append("olcDbDirectory: ").append(directory.resolve("data")).append('\n')
                .append("olcSuffix: ").append(baseDn).append('\n')
                .append("olcRootDN: ").append(bindDn).append('\n')
                // Hashed in the format the store writes: slapd checking the rootdn's bind proves it reads it.
                .append("olcRootPW: ").append(Pbkdf2Password.hash(password, 1000)).append('\n')
                .append("olcDbMaxSize: 1073741824\n");
        for (String attribute : INDEXED) {
            ldif.append("olcDbIndex: ").append(attribute).append(" eq\n");
        }
        ldif.append("olcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none\n")
                .append("olcAccess: {1}to * by * read\n");
        return ldif.toString();
    }

    private static Process launch(Path directory, int port) throws IOException {
        Path log = directory.resolve("slapd.log");
        // -d 0: stay in the foreground (so destroy() stops it) and log errors only.
        return new ProcessBuilder(SLAPD.toString(), "-h", "ldap://127.0.0.1:" + port + "/",
                "-F", directory.resolve("slapd.d").toString(), "-d", "0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitReady(Process process, int port, String bindDn, String password, Path directory)
            throws IOException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        LDAPException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("slapd exited with status " + process.exitValue() + ": " + readLog(directory));
            }
            try (LDAPConnection connection = new LDAPConnection("127.0.0.1", port, bindDn, password)) {
                return;
            } catch (LDAPException e) {
                last = e;
            }
            sleep(50);
        }
        throw new IOException("slapd did not answer within " + START_TIMEOUT_MILLIS + " ms (" + last + "): "
                + readLog(directory));
    }

    private static void run(Path directory, List<String> command) throws IOException {
        Path output = directory.resolve("slapadd.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while running " + command.get(0), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String readLog(Path directory) {
        try {
            return Files.readString(directory.resolve("slapd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for slapd", e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory, e);
        }
    }
}
