package fr.caducee.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLContext;

import fr.caducee.testkit.ClientTls;
import fr.caducee.testkit.MllpClient;
import fr.caducee.trust.pki.DevPki;

/**
 * How long a GP waits for the notice of their patient's arrival at the ED: admissions sent on a timetable
 * ({@link OpenLoopSchedule}, {@code --rate} a second, not back to back) over MLLP/TLS with the hospital's client
 * certificate, timed from the {@code AA} read to the notice readable in the GP's INBOX over IMAPS. Every GP's INBOX is
 * watched with IDLE ({@link InboxIdle}): the server announces each new message as it is stored, so the instant is the
 * server's, not a polling interval's. Each admission is a new patient ({@code PATIENT<n>}, which the notice's subject
 * names) and goes to GP {@code n mod G}.
 *
 * <p>The floor, in the same run: the same notice (same sender, recipient, subject and body size) submitted by the
 * hospital's APP box itself over SMTP submission (STARTTLS, AUTH, connections kept open, as the gateway's own
 * submission keeps its), on the same timetable, timed from the {@code 250} to readable. The difference is what the
 * gateway adds after its {@code AA}; the gateway's {@code AA} itself comes after its own submission's {@code 250}.
 *
 * <p>{@code --rounds} rounds, the two modes taking turns to go first, after an untimed warm-up of each; a line per run
 * and the medians. A notice missing 60 s after its run fails the run.
 */
public final class NoticeLatency {
    static final String USAGE = "usage: NoticeLatency --mllp-port N --submission-port N --imaps-port N --pki DIR"
        + " --box APPBOX --password-file FILE --examples DIR --finess FINESS --gps FILE [--host localhost]"
        + " [--rate 20] [--messages 600] [--connections 4] [--rounds 3] [--warmup 40] [--first 1]"
        + " [--modes gateway,smtp] [--hospital-name NAME] [--server-pid PID --clock-hz HZ]";
    static final long MISSING_AFTER_NANOS = 60_000_000_000L;

    private final String host;
    private final HospitalMessages hospital;
    private final List<Gp> gps;
    private final List<MllpClient> mllp = new ArrayList<>();
    private final List<Transport> smtp = new ArrayList<>();
    private final Session mail;
    private final String box;
    private final String hospitalName;
    private final Map<Integer, Long> seen = new ConcurrentHashMap<>();
    private final AtomicInteger unmatched = new AtomicInteger();
    private final ServerCpu cpu;
    private final ServerMemory memory;
    private int nextPatient;
    private int runs;

    record Gp(String address, String rpps) {
    }

    /** One run's figures. */
    record Run(String mode, int messages, double seconds, int late, int refused, String firstRefusal,
               LatencyRecorder.Summary accepted, LatencyRecorder.Summary notice, int missing, long cpuMillis,
               long peakRssKb, long peakPssKb) {
        String line(int round) {
            return String.format(Locale.ROOT, "run mode=%s round=%d messages=%d seconds=%.1f late=%d refused=%d "
                    + "accepted_p50_ms=%.2f accepted_p99_ms=%.2f accepted_max_ms=%.2f notice_p50_ms=%.2f "
                    + "notice_p99_ms=%.2f notice_max_ms=%.2f missing=%d server_cpu_ms=%d "
                    + "server_cpu_ms_per_message=%.2f server_peak_rss_kb=%d server_peak_pss_kb=%d",
                mode, round, messages, seconds, late, refused, accepted.p50Millis(), accepted.p99Millis(),
                accepted.maxMillis(), notice.p50Millis(), notice.p99Millis(), notice.maxMillis(), missing, cpuMillis,
                (double) cpuMillis / messages, peakRssKb, peakPssKb);
        }
    }

    private NoticeLatency(String host, HospitalMessages hospital, List<Gp> gps, Session mail, String box,
                          String hospitalName, ServerCpu cpu, ServerMemory memory, int first) {
        this.host = host;
        this.hospital = hospital;
        this.gps = gps;
        this.mail = mail;
        this.box = box;
        this.hospitalName = hospitalName;
        this.cpu = cpu;
        this.memory = memory;
        this.nextPatient = first;
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"host", "mllp-port", "submission-port",
            "imaps-port", "pki", "box", "password-file", "examples", "finess", "gps", "rate", "messages",
            "connections", "rounds", "warmup", "first", "modes", "hospital-name", "server-pid", "clock-hz"},
            "mllp-port", "submission-port", "imaps-port", "pki", "box", "password-file", "examples", "finess", "gps");
        String host = line.text("host", "localhost");
        Path pki = line.path("pki");
        String password = Files.readString(line.path("password-file")).strip();
        double rate = Double.parseDouble(line.text("rate", "20"));
        int messages = line.positive("messages", 600);
        int connections = line.positive("connections", 4);
        int rounds = line.positive("rounds", 3);
        int warmup = line.nonNegative("warmup", 40);
        List<String> modes = List.of(line.text("modes", "gateway,smtp").split(","));
        List<Gp> gps = MllpLoad.lines(line.path("gps")).stream().map(l -> l.split(" "))
            .map(parts -> new Gp(parts[0], parts[1])).toList();
        String box = line.text("box", null);
        SSLContext serverTrust = ClientTls.trusting(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE));
        Properties properties = MailSessions.submissionAndImaps(host, line.positive("submission-port", null),
            serverTrust);
        properties.put("mail.smtp.user", box);
        long serverPid = Long.parseLong(line.text("server-pid", "0"));
        ServerCpu cpu = serverPid > 0 ? new ServerCpu(serverPid, line.positive("clock-hz", 100)) : null;
        ServerMemory memory = serverPid > 0 ? new ServerMemory(serverPid) : null;
        NoticeLatency bench = new NoticeLatency(host, HospitalMessages.read(line.path("examples"),
            line.text("finess", null)), gps, Session.getInstance(properties), box,
            line.text("hospital-name", "CHU de Bench"), cpu, memory, line.nonNegative("first", 1));

        List<InboxIdle> watches = new ArrayList<>();
        try {
            for (Gp gp : gps) {
                watches.add(InboxIdle.open(serverTrust, host, line.positive("imaps-port", null), gp.address(),
                    password, bench::arrived));
            }
            SSLContext hospitalTls = HospitalTls.hospital(pki, box);
            for (int i = 0; i < connections; i++) {
                bench.mllp.add(MllpClient.tls(host, line.positive("mllp-port", null), hospitalTls));
                Transport transport = bench.mail.getTransport("smtp");
                transport.connect(host, box, password);
                bench.smtp.add(transport);
            }
            System.out.println("watching " + gps.size() + " INBOXes with IDLE; " + connections
                + " MLLP and SMTP connections open");
            if (warmup > 0) {
                for (String mode : modes) {
                    Run run = bench.run(mode, rate, warmup, watches);
                    System.out.println("warmup " + run.line(0));
                }
            }
            List<Run> done = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                List<String> order = new ArrayList<>(modes);
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (String mode : order) {
                    Run run = bench.run(mode, rate, messages, watches);
                    done.add(run);
                    System.out.println(run.line(round));
                    if (run.firstRefusal() != null) {
                        System.out.println("refusal mode=" + mode + " " + run.firstRefusal());
                    }
                }
            }
            for (String mode : modes) {
                System.out.println(medians(mode, done.stream().filter(run -> run.mode().equals(mode)).toList()));
            }
            System.out.println("unmatched " + bench.unmatched.get());
            boolean failed = done.stream().anyMatch(run -> run.missing() > 0 || run.refused() > 0);
            if (failed) {
                System.exit(1);
            }
        } finally {
            watches.forEach(InboxIdle::close);
            for (MllpClient client : bench.mllp) {
                client.close();
            }
            for (Transport transport : bench.smtp) {
                transport.close();
            }
            if (memory != null) {
                memory.close();
            }
        }
    }

    private void arrived(String gp, String subject, long seenNanos) {
        int patient = HospitalMessages.patientNumber(subject);
        if (patient < 0 || seen.putIfAbsent(patient, seenNanos) != null) {
            unmatched.incrementAndGet();
        }
    }

    /** {@code count} notices at {@code rate} a second through {@code mode}, then waits for every one to be readable. */
    private Run run(String mode, double rate, int count, List<InboxIdle> watches) throws Exception {
        int first = nextPatient;
        nextPatient += count;
        String runId = "N" + ++runs;
        Instant now = Instant.now();
        List<Object> prepared = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int patient = first + i;
            Gp gp = gps.get(patient % gps.size());
            if (mode.equals("gateway")) {
                prepared.add(hospital.admission(runId + "-" + i, patient, gp.rpps(), now)
                    .getBytes(StandardCharsets.UTF_8));
            } else {
                prepared.add(notice(patient, gp));
            }
        }
        long[] accepted = new long[count];
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<String> firstRefusal = new AtomicReference<>();
        List<?> links = mode.equals("gateway") ? mllp : smtp;
        if (memory != null) {
            memory.reset();
        }
        long cpuBefore = cpu == null ? 0 : cpu.millis();
        long start = System.nanoTime() + 100_000_000;
        OpenLoopSchedule schedule = new OpenLoopSchedule(start, rate, count);
        LatencyRecorder acceptance = new LatencyRecorder(count);
        ExecutorService senders = Executors.newFixedThreadPool(links.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Object link : links) {
                running.add(senders.submit(() -> {
                    for (int i = schedule.next(); i >= 0; i = schedule.next()) {
                        long sent = schedule.awaitDue(i);
                        String refusal = send(link, prepared.get(i));
                        accepted[i] = System.nanoTime();
                        acceptance.record(accepted[i] - sent);
                        if (refusal != null) {
                            refused.incrementAndGet();
                            firstRefusal.compareAndSet(null, refusal);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
        } finally {
            senders.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + MISSING_AFTER_NANOS;
        while (!allSeen(first, count) && System.nanoTime() < deadline) {
            for (InboxIdle watch : watches) {
                if (watch.failure() != null) {
                    throw new IllegalStateException("an INBOX watch failed", watch.failure());
                }
            }
            Thread.sleep(20);
        }
        long cpuMillis = cpu == null ? 0 : cpu.millis() - cpuBefore;
        long peak = memory == null ? 0 : memory.peakKb();
        long peakPss = memory == null ? 0 : memory.peakPssKb();
        LatencyRecorder notice = new LatencyRecorder(count);
        int missing = 0;
        for (int i = 0; i < count; i++) {
            Long at = seen.get(first + i);
            if (at == null) {
                missing++;
            } else {
                notice.record(at - accepted[i]);
            }
        }
        return new Run(mode, count, seconds, schedule.late(), refused.get(), firstRefusal.get(),
            acceptance.summary(), notice.summary(), missing, cpuMillis, peak, peakPss);
    }

    private boolean allSeen(int first, int count) {
        for (int i = 0; i < count; i++) {
            if (!seen.containsKey(first + i)) {
                return false;
            }
        }
        return true;
    }

    /** Sends one admission (its ACK read) or one notice (its 250 read); returns the refusal, or null. */
    private static String send(Object link, Object message) throws Exception {
        if (link instanceof MllpClient client) {
            String ack = new String(client.exchange((byte[]) message), StandardCharsets.UTF_8);
            String code = HospitalMessages.field(ack, "MSA", 1);
            return code.equals("AA") ? null : code + " " + HospitalMessages.field(ack, "ERR", 7) + ": "
                + HospitalMessages.field(ack, "ERR", 8);
        }
        MimeMessage notice = (MimeMessage) message;
        ((Transport) link).sendMessage(notice, notice.getAllRecipients());
        return null;
    }

    /**
     * The notice as the hospital's software would write it itself: the gateway's subject (the patient's name) and a
     * body of the same length and kind (who, when, where, how to reach the ED; no diagnosis).
     */
    private MimeMessage notice(int patient, Gp gp) throws Exception {
        String given = patient % 2 == 0 ? "Camille" : "Dominique";
        String name = given + " PATIENT" + patient;
        MimeMessage message = new MimeMessage(mail);
        message.setFrom(new InternetAddress(box, hospitalName, "UTF-8"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(gp.address()));
        message.setSubject("Urgences " + hospitalName + " : votre patient(e) " + name, "UTF-8");
        message.setText("Bonjour Docteur TRAITANT,\n\n"
            + "Votre patient(e) " + name + ", né(e) le 01/01/1970, est arrivé(e) aux urgences du " + hospitalName
            + " le " + java.time.LocalDate.now() + " (heure de Paris).\n\n"
            + "Pour joindre les urgences : Urgences du " + hospitalName + " : 01 23 45 67 89\n"
            + "Référence du passage à rappeler : V" + patient + "\n\n"
            + "Vous recevez ce message parce que le " + hospitalName + " vous a indiqué comme médecin traitant de "
            + "ce(tte) patient(e). Il ne contient ni diagnostic ni motif de venue ; le compte rendu de passage aux "
            + "urgences vous sera adressé à la sortie.\n\n-- \nMessage automatique du " + hospitalName
            + ", envoyé par messagerie sécurisée de santé. Merci de ne pas y répondre : pour toute question, "
            + "contactez les urgences.\n", "UTF-8");
        message.saveChanges();
        return message;
    }

    /** The medians of a mode's runs, each figure on its own. */
    static String medians(String mode, List<Run> runs) {
        return String.format(Locale.ROOT, "median mode=%s runs=%d accepted_p50_ms=%.2f accepted_p99_ms=%.2f "
                + "notice_p50_ms=%.2f notice_p99_ms=%.2f notice_max_ms=%.2f server_cpu_ms_per_message=%.2f "
                + "server_peak_rss_kb=%.0f server_peak_pss_kb=%.0f late=%.0f",
            mode, runs.size(), median(runs, run -> run.accepted().p50Millis()),
            median(runs, run -> run.accepted().p99Millis()), median(runs, run -> run.notice().p50Millis()),
            median(runs, run -> run.notice().p99Millis()), median(runs, run -> run.notice().maxMillis()),
            median(runs, run -> (double) run.cpuMillis() / run.messages()),
            median(runs, run -> (double) run.peakRssKb()), median(runs, run -> (double) run.peakPssKb()),
            median(runs, run -> (double) run.late()));
    }

    /** The median of the values (the lower middle one for an even count, as scripts/lib/bench-common.sh's). */
    static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        return values.length == 0 ? 0 : values[(values.length - 1) / 2];
    }
}
