package fr.caducee.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.activation.DataSource;
import javax.activation.FileDataSource;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.util.ByteArrayDataSource;
import javax.net.ssl.SSLContext;

import com.sun.mail.smtp.SMTPMessage;
import com.sun.mail.smtp.SMTPTransport;

import fr.caducee.testkit.ClientTls;

/**
 * Hostile deposits to the shared record: archives a careless or malicious sender could send to the record's box, each
 * built around a real CDA ({@link XdmDeposit}) with one thing wrong: a zip bomb (a CDA of 1 GiB of zeros deflated to
 * about 1 MB), entry names that climb out of the archive or are absolute, a DTD with external entities in
 * METADATA.XML or in the CDA (pointing at a local file and at a listener of this program, which counts any
 * connection: a server that resolves them is caught fetching), an external DTD, an entity expansion bomb, a CDA that
 * is not XML, two documents for two different patients in one archive, and (with {@code --large yes}) an archive of
 * 200 MB. Each is submitted from a sender box (STARTTLS, AUTH) with {@code Disposition-Notification-To}.
 *
 * <p>A case is clean when the server refused it with an enhanced status code at SMTP, or accepted it and sent back an
 * MDN reporting an integration error (900-906), and in both cases stored no document ({@code record_document} counted
 * in the server's database before and after), fetched nothing, and still serves. Prints one tab-separated line per
 * case as {@link HostileInput} does (name, answer, verdict, server RSS MB); exits 1 if a case was not clean.
 */
public final class HostileDeposits {
    static final String USAGE = "usage: HostileDeposits [--host localhost] --port P --imaps-port P --ca CA.pem"
        + " --boxes FILE --to RECORD_BOX --cda FILE --data DIR --pid SERVER_PID [--large no] [--timeout 120]";
    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -]\\d\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern INTEGRATION_ERROR = Pattern.compile("(?i)error:\\s*(90[0-6])");
    /** Another valid test INS, for the second patient of an archive. */
    private static final String OTHER_PATIENT = RecordSeed.ins(539_999);

    private final CommandLine line;
    private final SSLContext tls;
    private final Session session;
    private final XdmDeposit deposits;
    private final String sender;
    private final String password;
    private final AtomicInteger fetches = new AtomicInteger();
    private int port;
    private int index;

    private HostileDeposits(CommandLine line) throws Exception {
        this.line = line;
        this.tls = ClientTls.trusting(line.path("ca"));
        this.session = Session.getInstance(MailSessions.submissionAndImaps(line.text("host", "localhost"),
            line.positive("port", null), tls));
        this.deposits = new XdmDeposit(session, CdaSample.read(line.path("cda")),
            "h" + Long.toString(System.currentTimeMillis(), 36));
        String[] box = Files.readAllLines(line.path("boxes"), StandardCharsets.UTF_8).get(0).strip().split("\\s+", 2);
        this.sender = box[0];
        this.password = box[1];
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"host", "port", "imaps-port", "ca", "boxes",
            "to", "cda", "data", "pid", "large", "timeout"}, "port", "imaps-port", "ca", "boxes", "to", "cda", "data", "pid");
        System.exit(new HostileDeposits(line).run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = trap.getLocalPort();
            Thread listener = new Thread(() -> count(trap), "external-entity-trap");
            listener.setDaemon(true);
            listener.start();
            boolean allClean = true;
            for (Map.Entry<String, Supplier<DataSource>> hostile : cases().entrySet()) {
                allClean &= play(hostile.getKey(), hostile.getValue());
            }
            return allClean;
        }
    }

    private Map<String, Supplier<DataSource>> cases() {
        Map<String, Supplier<DataSource>> cases = new LinkedHashMap<>();
        String http = "http://127.0.0.1:";
        cases.put("record-zip-bomb", () -> zipBomb(1L << 30));
        cases.put("record-path-traversal", () -> altered(entries -> entries.put("IHE_XDM/SUBSET01/../../../../tmp/caducee-traversal.xml",
            "<x/>".getBytes(StandardCharsets.UTF_8))));
        cases.put("record-absolute-name", () -> altered(entries -> entries.put("/etc/cron.d/caducee-absolute",
            "* * * * * root true\n".getBytes(StandardCharsets.UTF_8))));
        cases.put("record-backslash-name", () -> altered(entries -> entries.put("IHE_XDM\\SUBSET01\\..\\..\\evil.xml",
            "<x/>".getBytes(StandardCharsets.UTF_8))));
        cases.put("record-xxe-in-metadata", () -> altered(entries -> entries.computeIfPresent("IHE_XDM/SUBSET01/METADATA.XML",
            (name, xml) -> withDoctype(xml, "<!DOCTYPE lcm:SubmitObjectsRequest [<!ENTITY file SYSTEM \"file:///etc/passwd\">"
                + "<!ENTITY web SYSTEM \"" + http + port + "/metadata-entity\">]>", "<rim:Value>fr-FR</rim:Value>",
                "<rim:Value>&file;&web;</rim:Value>"))));
        cases.put("record-external-dtd-in-metadata", () -> altered(entries -> entries.computeIfPresent("IHE_XDM/SUBSET01/METADATA.XML",
            (name, xml) -> withDoctype(xml, "<!DOCTYPE lcm:SubmitObjectsRequest SYSTEM \"" + http + port + "/metadata.dtd\">",
                null, null))));
        cases.put("record-xxe-in-cda", () -> altered(entries -> entries.computeIfPresent("IHE_XDM/SUBSET01/DOC0001.XML",
            (name, xml) -> withDoctype(xml, "<!DOCTYPE ClinicalDocument [<!ENTITY file SYSTEM \"file:///etc/passwd\">"
                + "<!ENTITY web SYSTEM \"" + http + port + "/cda-entity\">]>", "<title>", "<title>&file;&web;"))));
        cases.put("record-entity-bomb-in-cda", () -> altered(entries -> entries.computeIfPresent("IHE_XDM/SUBSET01/DOC0001.XML",
            (name, xml) -> withDoctype(xml, laughs(), "<title>", "<title>&l9;"))));
        cases.put("record-cda-not-xml", () -> altered(entries -> entries.put("IHE_XDM/SUBSET01/DOC0001.XML",
            "%PDF-1.5\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog >> endobj\n".getBytes(StandardCharsets.ISO_8859_1))));
        cases.put("record-two-patients", this::twoPatients);
        if (line.text("large", "no").equals("yes")) {
            cases.put("record-200mb-archive", () -> large(200L << 20));
        }
        return cases;
    }

    /** Sends one case and waits for its outcome; prints its line. */
    private boolean play(String name, Supplier<DataSource> archive) throws Exception {
        int number = ++index;
        String id = deposits.messageId("hostile", number);
        long documentsBefore = documents();
        int fetchesBefore = fetches.get();
        String answer;
        boolean clean;
        try (ReceiptWatch watch = ReceiptWatch.open(tls, line.text("host", "localhost"), line.positive("imaps-port", null),
                sender, password, 200, "mdn")) {
            SMTPMessage message = deposits.message("hostile", number, sender, line.text("to", null), archive.get());
            SMTPTransport transport = (SMTPTransport) session.getTransport("smtp");
            String reply;
            boolean accepted;
            try {
                transport.connect(sender, password);
                transport.sendMessage(message, message.getAllRecipients());
                accepted = true;
                reply = transport.getLastServerResponse();
            } catch (MessagingException e) {
                accepted = false;
                reply = transport.getLastServerResponse();
                if (reply == null || reply.isBlank()) {
                    reply = "no reply: " + e.getMessage();
                }
            } finally {
                try {
                    transport.close();
                } catch (MessagingException e) {
                    // the server may have closed first
                }
            }
            reply = reply == null ? "" : reply.strip();
            if (!accepted) {
                answer = "SMTP " + reply;
                clean = ENHANCED.matcher(reply).find() && !reply.startsWith("2");
            } else {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(line.positive("timeout", 120));
                boolean came = watch.await(Set.of(id), new AtomicBoolean(true), deadline);
                Receipt receipt = watch.receipt(id);
                if (!came || receipt == null) {
                    answer = "SMTP " + reply + "; no MDN within the timeout";
                    clean = false;
                } else {
                    Matcher code = INTEGRATION_ERROR.matcher(receipt.detail());
                    answer = "SMTP " + reply + "; MDN " + receipt.detail()
                        + (receipt.rule().isEmpty() ? "" : " (rule " + receipt.rule() + ")");
                    clean = !receipt.success() && code.find();
                }
            }
        }
        long stored = documents() - documentsBefore;
        int fetched = fetches.get() - fetchesBefore;
        String verdict;
        if (!alive()) {
            verdict = "server down";
        } else if (stored != 0) {
            verdict = stored + " document(s) stored";
        } else if (fetched != 0) {
            verdict = "the server fetched an external entity or DTD";
        } else if (answer.matches("(?s).*(Exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.).*")) {
            verdict = "stack trace in the answer";
        } else {
            verdict = clean ? "clean" : "not refused with a code";
        }
        System.out.printf(Locale.ROOT, "%s\t%s\t%s\t%d%n", name, shown(answer), verdict, rssMegabytes());
        return verdict.equals("clean");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Archives

    private interface Alteration {
        void apply(Map<String, byte[]> entries);
    }

    /** A sound archive around a fresh copy of the CDA, then altered. */
    private DataSource altered(Alteration alteration) {
        Map<String, byte[]> entries = deposits.entries("bench-" + deposits.tag() + "-x" + index);
        alteration.apply(entries);
        return new ByteArrayDataSource(XdmDeposit.zip(entries), "application/zip");
    }

    /** The XML with {@code doctype} after its declaration, and {@code target} replaced by {@code replacement}. */
    private static byte[] withDoctype(byte[] xml, String doctype, String target, String replacement) {
        String text = new String(xml, StandardCharsets.UTF_8);
        if (target != null) {
            text = text.replaceFirst(Pattern.quote(target), Matcher.quoteReplacement(replacement));
        }
        int start = text.startsWith("<?xml") ? text.indexOf("?>") + 2 : 0;
        return (text.substring(0, start) + doctype + "\n" + text.substring(start)).getBytes(StandardCharsets.UTF_8);
    }

    /** Ten levels of ten entities each: 10^9 copies of "lol" if expanded. */
    private static String laughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE ClinicalDocument [<!ENTITY l0 \"lol\">");
        for (int level = 1; level <= 9; level++) {
            dtd.append("<!ENTITY l").append(level).append(" \"");
            dtd.append(("&l" + (level - 1) + ";").repeat(10));
            dtd.append("\">");
        }
        return dtd.append("]>").toString();
    }

    /** METADATA.XML and README as usual, the CDA entry replaced by {@code bytes} zeros, deflated as written. */
    private DataSource zipBomb(long bytes) {
        Map<String, byte[]> entries = deposits.entries("bench-" + deposits.tag() + "-x" + index);
        try {
            Path file = Files.createTempFile("record-zip-bomb", ".zip");
            file.toFile().deleteOnExit();
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
                zip.setLevel(9);
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(entry.getKey()));
                    if (entry.getKey().endsWith("DOC0001.XML")) {
                        writeFill(zip, bytes, null);
                    } else {
                        zip.write(entry.getValue());
                    }
                    zip.closeEntry();
                }
            }
            return new FileDataSource(file.toFile()) {
                @Override
                public String getContentType() {
                    return "application/zip";
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A sound archive plus an incompressible "scan" of {@code bytes} bytes, stored: the archive is that large. */
    private DataSource large(long bytes) {
        Map<String, byte[]> entries = deposits.entries("bench-" + deposits.tag() + "-x" + index);
        try {
            Path file = Files.createTempFile("record-large", ".zip");
            file.toFile().deleteOnExit();
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(entry.getKey()));
                    zip.write(entry.getValue());
                    zip.closeEntry();
                }
                zip.setLevel(0);
                zip.putNextEntry(new ZipEntry("IHE_XDM/SUBSET01/SCAN0001.PDF"));
                writeFill(zip, bytes, new Random(7));
                zip.closeEntry();
            }
            return new FileDataSource(file.toFile()) {
                @Override
                public String getContentType() {
                    return "application/zip";
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeFill(OutputStream out, long bytes, Random random) throws IOException {
        byte[] block = new byte[1 << 20];
        for (long left = bytes; left > 0; left -= block.length) {
            if (random != null) {
                random.nextBytes(block);
            }
            out.write(block, 0, (int) Math.min(block.length, left));
        }
    }

    /** Two documents, each a copy of the CDA, the second about another patient, both listed in METADATA.XML. */
    private DataSource twoPatients() {
        String extension = "bench-" + deposits.tag() + "-x" + index;
        Map<String, byte[]> entries = deposits.entries(extension);
        XdmDeposit other = new XdmDeposit(session, deposits.cda().withPatient(OTHER_PATIENT), deposits.tag());
        byte[] second = deposits.cda().withPatient(OTHER_PATIENT).copy(extension + "b");
        String secondMetadata = other.metadata(extension + "b", second);
        Matcher entry = Pattern.compile("(?s)<rim:ExtrinsicObject .*?</rim:ExtrinsicObject>\n").matcher(secondMetadata);
        entry.find();
        String secondEntry = entry.group().replace("Document01", "Document02").replace("DOC0001.XML", "DOC0002.XML")
            .replace("id=\"ei-", "id=\"ei2-").replace("id=\"author01\"", "id=\"author02\"");
        String metadata = new String(entries.get("IHE_XDM/SUBSET01/METADATA.XML"), StandardCharsets.UTF_8)
            .replace("<rim:RegistryPackage ", secondEntry + "<rim:RegistryPackage ")
            .replace("</rim:RegistryObjectList>", "<rim:Association associationType=\"urn:oasis:names:tc:ebxml-regrep:"
                + "AssociationType:HasMember\" sourceObject=\"SubmissionSet01\" targetObject=\"Document02\" id=\"as02\">\n"
                + "  <rim:Slot name=\"SubmissionSetStatus\"><rim:ValueList><rim:Value>Original</rim:Value></rim:ValueList></rim:Slot>\n"
                + "</rim:Association>\n</rim:RegistryObjectList>");
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", metadata.getBytes(StandardCharsets.UTF_8));
        entries.put("IHE_XDM/SUBSET01/DOC0002.XML", second);
        return new ByteArrayDataSource(XdmDeposit.zip(entries), "application/zip");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private long documents() throws Exception {
        try (Connection db = ServerDatabase.connect(line.path("data"));
             Statement count = db.createStatement();
             ResultSet rows = count.executeQuery("SELECT count(*) FROM record_document")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void count(ServerSocket trap) {
        while (!trap.isClosed()) {
            try (Socket fetch = trap.accept()) {
                fetches.incrementAndGet();
                fetch.getOutputStream().write("HTTP/1.0 404 Not Found\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // closed at the end of the run
            }
        }
    }

    /** A new submission session still gets its greeting and EHLO answered. */
    private boolean alive() {
        try {
            SMTPTransport transport = (SMTPTransport) session.getTransport("smtp");
            transport.connect(sender, password);
            transport.close();
            return true;
        } catch (MessagingException e) {
            return false;
        }
    }

    private int rssMegabytes() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", line.text("pid", null), "status"));
            for (String entry : status) {
                if (entry.startsWith("VmRSS:")) {
                    return Integer.parseInt(entry.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone: told by the verdict
        }
        return -1;
    }

    private static String shown(String answer) {
        String flat = answer.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
