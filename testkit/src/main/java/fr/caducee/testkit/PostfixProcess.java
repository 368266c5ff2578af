package fr.caducee.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.Pem;

/**
 * A real Postfix (Debian's package) as another operator of the trust space, on loopback: its own configuration,
 * queue and mailboxes in a temporary folder, started in the foreground with {@code postfix -c DIR start-fg}.
 * <ul>
 *   <li>its MX listener requires STARTTLS and a client certificate chaining to the trusted root, and delivers its
 *       domain's boxes to Maildirs;</li>
 *   <li>a plain listener on loopback takes mail to send, as the operator's own users would submit it;</li>
 *   <li>it sends over STARTTLS with {@code smtp_tls_security_level = secure} (the server's certificate verified
 *       against the trusted root and the next-hop name), presenting its client certificate; extra transports
 *       present other certificates, and the routes say which recipient takes which transport.</li>
 * </ul>
 * Postfix's master runs as root and drops to the {@code postfix} user: the tests using it need root, as CI has.
 */
public final class PostfixProcess implements AutoCloseable {
    private static final Path POSTFIX = Path.of("/usr/sbin/postfix");
    private static final Path POSTQUEUE = Path.of("/usr/sbin/postqueue");

    private final Path directory;
    private final Path log;
    private final Process process;
    private final int mxPort;
    private final int submitPort;

    private PostfixProcess(Path directory, Path log, Process process, int mxPort, int submitPort) {
        this.directory = directory;
        this.log = log;
        this.process = process;
        this.mxPort = mxPort;
        this.submitPort = submitPort;
    }

    /** Skips the calling test unless Postfix can run here: installed, and the test runs as root. */
    public static void assumeUsable() {
        if (!Files.isExecutable(POSTFIX)) {
            throw new IllegalStateException("Postfix is not installed: run scripts/install-test-dependencies");
        }
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
            "Postfix's master daemon must start as root (it then runs as the postfix user)");
    }

    /**
     * In a new temporary folder of its own, removed on {@link #close()}: the postfix user must be able to reach it,
     * which a test's private temporary folder does not allow.
     *
     * @param name names its log, kept under target/it-logs/ after the folder is gone
     */
    public static Builder named(String name) throws IOException {
        return new Builder(Files.createTempDirectory("postfix-"), name);
    }

    public int mxPort() {
        return mxPort;
    }

    /** Where the operator's own users hand it mail to send (plain SMTP, loopback only). */
    public int submitPort() {
        return submitPort;
    }

    public Path log() {
        return log;
    }

    /** Messages delivered to a box of Postfix's domain, each as its raw text. */
    public List<String> mailbox(String localPart) throws IOException {
        Path fresh = directory.resolve("mail").resolve(localPart).resolve("new");
        if (!Files.isDirectory(fresh)) {
            return List.of();
        }
        List<String> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(fresh)) {
            for (Path file : files.toList()) {
                messages.add(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return messages;
    }

    /** Postfix's queue as {@code postqueue -j} prints it: one JSON object per queued message. */
    public String queue() throws IOException, InterruptedException {
        Process postqueue = new ProcessBuilder(POSTQUEUE.toString(), "-c", directory.resolve("etc").toString(), "-j")
            .redirectErrorStream(true).start();
        String output = new String(postqueue.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        postqueue.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    /** Asks Postfix to try its deferred mail again now. */
    public void flush() throws IOException, InterruptedException {
        new ProcessBuilder(POSTQUEUE.toString(), "-c", directory.resolve("etc").toString(), "-f")
            .redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder(POSTFIX.toString(), "-c", directory.resolve("etc").toString(), "stop")
                .redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static final class Builder {
        private final Path directory;
        private final String name;
        private String domain;
        private final List<String> boxes = new ArrayList<>();
        private IssuedCertificate certificate;
        private X509Certificate trustedRoot;
        private final Map<String, IssuedCertificate> transports = new LinkedHashMap<>();
        private final Map<String, String> routes = new LinkedHashMap<>();
        private int mxPort = CaduceeProcess.freePort();

        private Builder(Path directory, String name) {
            this.directory = directory;
            this.name = name;
        }

        /** The operator's mail domain, served to Maildirs. */
        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        public Builder box(String localPart) {
            boxes.add(localPart);
            return this;
        }

        /** Its certificate (server and client), and the root it trusts for the certificates of others. */
        public Builder certificate(IssuedCertificate certificate, X509Certificate trustedRoot) {
            this.certificate = certificate;
            this.trustedRoot = trustedRoot;
            return this;
        }

        /** Another SMTP client transport, presenting {@code clientCertificate} instead of the operator's own. */
        public Builder transport(String name, IssuedCertificate clientCertificate) {
            transports.put(name, clientCertificate);
            return this;
        }

        /** Mail for {@code recipientOrDomain} goes through {@code transport} (smtp or one added) to localhost:port. */
        public Builder route(String recipientOrDomain, String transport, int port) {
            routes.put(recipientOrDomain, transport + ":[localhost]:" + port);
            return this;
        }

        /** The port its MX listens on, known before start so that others can route to it. */
        public Builder mxPort(int port) {
            this.mxPort = port;
            return this;
        }

        public PostfixProcess start() throws IOException {
            assumeUsable();
            int submitPort = CaduceeProcess.freePort();
            Files.createDirectories(directory);
            // Postfix's daemons run as the postfix user: they must be able to reach their queue and the mailboxes.
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path etc = Files.createDirectories(directory.resolve("etc"));
            Path tls = Files.createDirectories(etc.resolve("tls"));
            Path mail = Files.createDirectories(directory.resolve("mail"));
            Path data = Files.createDirectories(directory.resolve("data"));
            Files.createDirectories(directory.resolve("queue"));
            UserPrincipalLookupService users = directory.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal postfix = users.lookupPrincipalByName("postfix");
            GroupPrincipal postfixGroup = users.lookupPrincipalByGroupName("postfix");
            for (Path owned : List.of(mail, data)) {
                Files.setOwner(owned, postfix);
                Files.getFileAttributeView(owned, PosixFileAttributeView.class).setGroup(postfixGroup);
            }
            writePair(tls, "operator", certificate);
            for (Map.Entry<String, IssuedCertificate> transport : transports.entrySet()) {
                writePair(tls, transport.getKey(), transport.getValue());
            }
            Pem.writeCertificate(tls.resolve("trusted-root.pem"), trustedRoot);

            int uid = (Integer) Files.getAttribute(mail, "unix:uid");
            int gid = (Integer) Files.getAttribute(mail, "unix:gid");
            Files.writeString(etc.resolve("main.cf"), mainCf(tls, mail, data, uid, gid));
            Files.writeString(etc.resolve("master.cf"), masterCf(tls, submitPort));

            Path log = Files.createDirectories(CaduceeProcess.repositoryRoot().resolve("server/target/it-logs"))
                .resolve(name + "-postfix.log");
            Process process = new ProcessBuilder(POSTFIX.toString(), "-c", etc.toString(), "start-fg")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PostfixProcess postfixProcess = new PostfixProcess(directory, log, process, mxPort, submitPort);
            awaitListening(postfixProcess, mxPort);
            awaitListening(postfixProcess, submitPort);
            return postfixProcess;
        }

        private String mainCf(Path tls, Path mail, Path data, int uid, int gid) {
            StringBuilder mailboxes = new StringBuilder();
            for (String box : boxes) {
                mailboxes.append(mailboxes.length() == 0 ? "" : ", ").append(box).append('@').append(domain)
                    .append('=').append(box).append('/');
            }
            StringBuilder transportMap = new StringBuilder();
            routes.forEach((key, value) -> transportMap.append(transportMap.length() == 0 ? "" : ", ")
                .append(key).append('=').append(value));
            return String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + directory.resolve("queue"),
                "data_directory = " + data,
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "maillog_file = /dev/stdout",
                "myhostname = mx." + domain,
                "mydomain = " + domain,
                "myorigin = " + domain,
                "mydestination =",
                "alias_maps =",
                "alias_database =",
                "inet_interfaces = loopback-only",
                "inet_protocols = ipv4",
                "mynetworks = 127.0.0.0/8",
                "smtputf8_enable = no",
                "virtual_mailbox_domains = " + domain,
                "virtual_mailbox_base = " + mail,
                "virtual_mailbox_maps = inline:{ " + mailboxes + " }",
                "virtual_uid_maps = static:" + uid,
                "virtual_gid_maps = static:" + gid,
                "transport_maps = inline:{ " + transportMap + " }",
                // Retried quickly so that a test sees the outcome of a deferral.
                "queue_run_delay = 2s",
                "minimal_backoff_time = 2s",
                "maximal_backoff_time = 4s",
                // Receiving from other operators: mutual TLS only.
                "smtpd_tls_security_level = encrypt",
                "smtpd_tls_ask_ccert = yes",
                "smtpd_tls_req_ccert = yes",
                "smtpd_tls_CAfile = " + tls.resolve("trusted-root.pem"),
                "smtpd_tls_cert_file = " + tls.resolve("operator.pem"),
                "smtpd_tls_key_file = " + tls.resolve("operator.key.pem"),
                "smtpd_tls_received_header = yes",
                "smtpd_tls_loglevel = 1",
                // Sending to other operators: their certificate verified, ours presented; loopback names from /etc/hosts.
                "smtp_host_lookup = native",
                "smtp_tls_security_level = secure",
                "smtp_tls_CAfile = " + tls.resolve("trusted-root.pem"),
                "smtp_tls_cert_file = " + tls.resolve("operator.pem"),
                "smtp_tls_key_file = " + tls.resolve("operator.key.pem"),
                "smtp_tls_loglevel = 1",
                "");
        }

        private String masterCf(Path tls, int submitPort) {
            List<String> lines = new ArrayList<>(List.of(
                "127.0.0.1:" + mxPort + " inet n - n - - smtpd",
                "127.0.0.1:" + submitPort + " inet n - n - - smtpd -o smtpd_tls_security_level=none -o smtpd_tls_req_ccert=no -o smtpd_tls_ask_ccert=no",
                "pickup unix n - n 60 1 pickup",
                "cleanup unix n - n - 0 cleanup",
                "qmgr unix n - n 300 1 qmgr",
                "tlsmgr unix - - n 1000? 1 tlsmgr",
                "rewrite unix - - n - - trivial-rewrite",
                "bounce unix - - n - 0 bounce",
                "defer unix - - n - 0 bounce",
                "trace unix - - n - 0 bounce",
                "verify unix - - n - 1 verify",
                "flush unix n - n 1000? 0 flush",
                "proxymap unix - - n - - proxymap",
                "smtp unix - - n - - smtp",
                "relay unix - - n - - smtp",
                "showq unix n - n - - showq",
                "error unix - - n - - error",
                "retry unix - - n - - error",
                "discard unix - - n - - discard",
                "virtual unix - n n - - virtual",
                "scache unix - - n - 1 scache",
                "postlog unix-dgram n - n - 1 postlogd"));
            for (String transport : transports.keySet()) {
                lines.add(transport + " unix - - n - - smtp -o smtp_tls_cert_file=" + tls.resolve(transport + ".pem")
                    + " -o smtp_tls_key_file=" + tls.resolve(transport + ".key.pem"));
            }
            return String.join("\n", lines) + "\n";
        }

        private static void writePair(Path tls, String name, IssuedCertificate certificate) throws IOException {
            Pem.writeCertificates(tls.resolve(name + ".pem"), certificate.chain());
            certificate.writePrivateKeyPem(tls.resolve(name + ".key.pem"));
        }

        private static void awaitListening(PostfixProcess postfix, int port) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return;
                } catch (IOException e) {
                    if (!postfix.process.isAlive()) {
                        throw new IOException("postfix exited with " + postfix.process.exitValue() + "; see " + postfix.log());
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", interrupted);
                    }
                }
            }
            postfix.close();
            throw new UncheckedIOException(new IOException("postfix not listening on " + port + " after 30 s; see " + postfix.log()));
        }
    }
}
