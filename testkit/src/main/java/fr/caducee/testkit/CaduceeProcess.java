package fr.caducee.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Caducée server in its own JVM, started from the packaged jar and the shipped {@code james-config/} exactly as
 * {@code scripts/run} starts it; only ports and folders differ. Being a real process, it can be stopped with
 * SIGTERM or killed with SIGKILL, and restarted on the same data folder and ports.
 */
public final class CaduceeProcess implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 180;
    private static final Random RANDOM = new Random();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private final Path dataDir;
    private Ports ports;
    private final Map<String, String> extraProperties;
    private final Map<String, String> environment;
    private final String name;
    private final Path logDir;
    private Process process;
    private int starts;

    public record Ports(int mx, int submission, int submissions, int imap, int imaps, int webAdmin, int directory,
                        int api, int webmail) {
        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(),
                freePort(), freePort());
        }
    }

    /** The setting that lets patients' passwords open IMAP and SMTP: true in tests unless a test sets it. */
    public static final String PATIENTS_MAIL_CLIENTS = "caducee.patients.mailClients";

    private CaduceeProcess(Path dataDir, Map<String, String> extraProperties, Map<String, String> environment,
                           String name) {
        this.dataDir = dataDir;
        this.ports = Ports.free();
        this.extraProperties = extraProperties;
        this.environment = environment;
        this.name = name;
        this.logDir = repositoryRoot().resolve("server/target/it-logs");
    }

    /**
     * @param extraProperties settings given as {@code -D} options, overriding caducee.properties; never a secret (the
     *                        server refuses one on its command line): secrets go in the environment
     * @param name            names the console logs kept under target/it-logs/, usually the test class
     */
    public static CaduceeProcess start(Path dataDir, Map<String, String> extraProperties, String name) {
        return start(dataDir, extraProperties, Map.of(), name);
    }

    /** @param environment variables added to the server's environment (secrets such as the directory password) */
    public static CaduceeProcess start(Path dataDir, Map<String, String> extraProperties, Map<String, String> environment,
                                       String name) {
        CaduceeProcess server = new CaduceeProcess(dataDir, new LinkedHashMap<>(extraProperties), Map.copyOf(environment), name);
        letManagedPostgresThrough(dataDir);
        for (int attempt = 1; ; attempt++) {
            try {
                server.launch();
                return server;
            } catch (PortTakenException e) {
                // Only a first start may move: a restart keeps the ports its test already knows.
                if (attempt == 3) {
                    throw e;
                }
                server.ports = Ports.free();
            }
        }
    }

    /**
     * The managed PostgreSQL (the default database) runs as another user when the tests run as root: the temporary
     * folders holding a data folder must let it pass ({@code o+x}, not read).
     */
    private static void letManagedPostgresThrough(Path dataDir) {
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        for (Path folder = dataDir.toAbsolutePath().normalize().getParent(); folder != null && folder.startsWith(temp)
                && !folder.equals(temp); folder = folder.getParent()) {
            try {
                Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(folder));
                if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                    Files.setPosixFilePermissions(folder, permissions);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("james-config")) && Files.isDirectory(dir.resolve("server"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run the tests from the Caducée repository (no james-config/ above " + here + ")");
    }

    public Ports ports() {
        return ports;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path pkiDir() {
        return dataDir.resolve("pki");
    }

    /**
     * Run as root, the managed PostgreSQL (the default database) runs as an unprivileged user, which must pass through
     * every folder above the data folder: JUnit's temporary folders are owner-only. Others get {@code x} (pass
     * through), never {@code r} (list), on the folders under the system temporary folder.
     */
    private static void letManagedPostgresReach(Path dataDir) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        for (Path folder = dataDir.toAbsolutePath().normalize(); folder != null && folder.startsWith(tmp)
                && !folder.equals(tmp); folder = folder.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(folder, permissions);
            }
        }
    }

    /** The console of each start, kept under target/it-logs/ after the temporary data folder is gone. */
    public Path log() {
        return logDir.resolve(name + "-start" + starts + ".log");
    }

    /** SIGTERM, as an init system would send, then wait for the JVM to exit; returns its exit code. */
    public int stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitForExit();
        }
        return process == null ? 0 : process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    public void restart() {
        stop();
        launch();
    }

    public void startAgain() {
        launch();
    }

    /** Stops the server (SIGTERM) and starts it again on the same data folder and ports, with a system property changed. */
    public void restartWith(String property, String value) {
        stop();
        extraProperties.put(property, value);
        launch();
    }

    /**
     * How many objects of a class the server's heap holds that are still reachable: {@code jcmd GC.class_histogram}
     * collects garbage first and counts what is left.
     */
    public long liveInstances(String className) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
            String output = new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!histogram.waitFor(60, TimeUnit.SECONDS) || histogram.exitValue() != 0) {
                throw new IllegalStateException("jcmd GC.class_histogram failed: " + output);
            }
            // Lines read "  12:   345   6789  org.example.Name (module)": rank, instances, bytes, class.
            return output.lines()
                .map(String::trim)
                .map(line -> line.split("\\s+"))
                .filter(fields -> fields.length >= 4 && fields[0].endsWith(":") && fields[3].equals(className))
                .mapToLong(fields -> Long.parseLong(fields[1]))
                .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the server's heap", e);
        }
    }

    /** The server's process id, to read what it holds under /proc. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    /** The demo boxes created on first start, as written in the data folder: address, password. */
    public Map<String, String> demoAccounts() throws IOException {
        Map<String, String> accounts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dataDir.resolve("demo-accounts.txt"))) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String[] parts = line.trim().split(" ");
                accounts.put(parts[0], parts[1]);
            }
        }
        return accounts;
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new IllegalStateException("server did not stop within 60 s of SIGTERM; see " + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void launch() {
        starts++;
        Path root = repositoryRoot();
        Path jar = root.resolve("server/target/caducee-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with mvn package (mvn verify does it)");
        }
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-Dfile.encoding=UTF-8",
            "-Dlogback.configurationFile=" + root.resolve("james-config/logback.xml"),
            "-Dcaducee.data=" + dataDir,
            "-Dcaducee.config=" + root.resolve("james-config"),
            "-Dcaducee.trustAnchors=" + root.resolve("trust-anchors"),
            "-Dcaducee.hostnames=localhost",
            "-Dcaducee.mx.bind=127.0.0.1:" + ports.mx(),
            "-Dcaducee.submission.bind=127.0.0.1:" + ports.submission(),
            "-Dcaducee.submissions.bind=127.0.0.1:" + ports.submissions(),
            "-Dcaducee.imap.bind=127.0.0.1:" + ports.imap(),
            "-Dcaducee.imaps.bind=127.0.0.1:" + ports.imaps(),
            "-Dcaducee.webadmin.port=" + ports.webAdmin(),
            "-Dcaducee.directory.listen=127.0.0.1:" + ports.directory(),
            "-Dcaducee.api.bind=127.0.0.1:" + ports.api(),
            "-Dcaducee.webmail.bind=127.0.0.1:" + ports.webmail(),
            // Tests log in hundreds of times: the minimum PBKDF2 cost keeps them quick; the default is measured.
            "-Dcaducee.password.iterations=10000"));
        // Many tests speak for patients over SMTP and IMAP; the shipped default refuses patients' passwords there
        // (they log in to the webmail with a second factor), as PatientMailClientIT shows by setting it.
        if (!extraProperties.containsKey(PATIENTS_MAIL_CLIENTS)) {
            command.add("-D" + PATIENTS_MAIL_CLIENTS + "=true");
        }
        extraProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", jar + ":" + root.resolve("server/target/lib") + "/*", "fr.caducee.server.CaduceeServer"));
        try {
            Files.createDirectories(dataDir);
            letOthersPassTo(dataDir);
            Files.createDirectories(logDir);
            letManagedPostgresReach(dataDir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log().toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    /**
     * Run as root, the managed PostgreSQL (the default database) runs as an unprivileged account, which must pass
     * through every folder above the data folder: test folders made owner-only under the temporary folder get
     * {@code o+x} (no listing, no reading).
     */
    private static void letOthersPassTo(Path dataDir) throws IOException {
        Path temporary = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        for (Path folder = dataDir.toAbsolutePath().normalize(); folder != null && folder.startsWith(temporary)
                && !folder.equals(temporary); folder = folder.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(folder, permissions);
            }
        }
    }

    /**
     * The child writes its console straight to the log file: the JDK closes a child's output pipe as soon as it
     * sends SIGTERM, which would lose what the server logs while it stops.
     */
    private void awaitReady() {
        Path log = log();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        try {
            while (System.nanoTime() < deadline) {
                if (Files.exists(log) && Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .anyMatch(line -> line.endsWith(" ready"))) {
                    return;
                }
                if (!process.isAlive()) {
                    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                    String message = "server exited with " + process.exitValue() + " before it was ready; see " + log
                        + "; its last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
                    throw lines.stream().anyMatch(line -> line.contains("Address already in use"))
                        ? new PortTakenException(message) : new IllegalStateException(message);
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server", e);
        }
        process.destroyForcibly();
        throw new IllegalStateException("server not ready after " + START_TIMEOUT_SECONDS + " s; see " + log);
    }

    /**
     * A port nobody listens on, chosen below the kernel's ephemeral range and never twice in this JVM. A port from
     * that range (what {@code new ServerSocket(0)} gives) can become the local end of any outgoing connection in the
     * seconds between its choice and the server binding it: a server then fails to start with "Address already in
     * use".
     */
    public static synchronized int freePort() {
        int first = 10_000;
        int last = ephemeralRangeStart() - 1;
        for (int attempt = 0; attempt < 1_000 && last > first; attempt++) {
            int port = first + RANDOM.nextInt(last - first + 1);
            if (HANDED_OUT.add(port) && isFree(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeralRangeStart() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** The server could not bind one of its ports: another process took it after it was chosen. */
    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public PortTakenException(String message) {
            super(message);
        }
    }
}
