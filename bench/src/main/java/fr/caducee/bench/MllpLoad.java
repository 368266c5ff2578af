package fr.caducee.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import fr.caducee.testkit.MllpClient;

/**
 * A hospital's interface engine sending HL7 messages back to back (a closed loop): {@code --connections} MLLP
 * connections over TLS with the hospital's client certificate, opened before the clock starts, each sending its next
 * message as soon as the acknowledgement of the previous one is read. The same load for Caducée's gateway and for the
 * peer ({@link HapiPeer}): only the port differs. Messages ({@link HospitalMessages}) are built before the clock starts:
 * {@code admission} (an ED arrival whose GP has a box: a notice each), {@code discharge} (an A03: nothing to do) or
 * {@code document} (ANS's ORU^R01 with a copy of a real CDA, to the record, a professional and the patient).
 *
 * <p>Prints one line: messages per second (first frame sent to the last acknowledgement read), the acknowledgement's
 * latency (frame sent to acknowledgement read) p50 / p99 / max, the answers' codes, and the server's CPU and peak
 * memory ({@link ServerMemory}: RSS and PSS sums) over the load when {@code --server-pid} is given. Exits 1 if any answer was not {@code AA}.
 */
public final class MllpLoad {
    static final String USAGE = "usage: MllpLoad --port N --pki DIR --box APPBOX --examples DIR --finess FINESS"
        + " --kind admission|discharge|document --messages N [--host localhost] [--connections 4] [--first 1]"
        + " [--run ID] [--gps FILE] [--cda FILE --patients FILE --professionals FILE --patient-domain DOMAIN]"
        + " [--server-pid PID --clock-hz HZ]";

    private MllpLoad() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"host", "port", "pki", "box", "examples",
            "finess", "kind", "messages", "connections", "first", "run", "gps", "cda", "patients", "professionals",
            "patient-domain", "server-pid", "clock-hz"}, "port", "pki", "box", "examples", "finess", "kind",
            "messages");
        String host = line.text("host", "localhost");
        int port = line.positive("port", null);
        int count = line.positive("messages", null);
        int connections = line.positive("connections", 4);
        String kind = line.text("kind", null);
        List<byte[]> messages = messages(line, kind, count);
        SSLContext tls = HospitalTls.hospital(line.path("pki"), line.text("box", null));
        long serverPid = Long.parseLong(line.text("server-pid", "0"));
        ServerCpu cpu = serverPid > 0 ? new ServerCpu(serverPid, line.positive("clock-hz", 100)) : null;

        List<MllpClient> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            clients.add(MllpClient.tls(host, port, tls));
        }
        LatencyRecorder latencies = new LatencyRecorder(count);
        AtomicInteger next = new AtomicInteger();
        Map<String, AtomicInteger> answers = new HashMap<>();
        for (String code : List.of("AA", "AE", "AR", "other")) {
            answers.put(code, new AtomicInteger());
        }
        AtomicReference<String> firstRefusal = new AtomicReference<>();
        long bytes = messages.stream().mapToLong(message -> message.length).sum();
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        try (ServerMemory memory = serverPid > 0 ? new ServerMemory(serverPid) : null) {
            if (memory != null) {
                memory.reset();
            }
            long cpuBefore = cpu == null ? 0 : cpu.millis();
            long startMillis = System.currentTimeMillis();
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (MllpClient client : clients) {
                running.add(senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        String ack = new String(client.exchange(messages.get(i)), StandardCharsets.UTF_8);
                        latencies.record(System.nanoTime() - sent);
                        String code = HospitalMessages.field(ack, "MSA", 1);
                        answers.getOrDefault(code, answers.get("other")).incrementAndGet();
                        if (!code.equals("AA")) {
                            firstRefusal.compareAndSet(null, code + " " + HospitalMessages.field(ack, "ERR", 7) + ": "
                                + HospitalMessages.field(ack, "ERR", 8));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
            long elapsed = System.nanoTime() - start;
            long endMillis = System.currentTimeMillis();
            long cpuMillis = cpu == null ? 0 : cpu.millis() - cpuBefore;
            LatencyRecorder.Summary summary = latencies.summary();
            int refused = count - answers.get("AA").get();
            double seconds = elapsed / 1e9;
            System.out.println(String.format(Locale.ROOT, "load kind=%s messages=%d connections=%d seconds=%.3f "
                    + "per_s=%.1f ack_p50_ms=%.2f ack_p99_ms=%.2f ack_max_ms=%.2f aa=%d ae=%d ar=%d other=%d "
                    + "bytes_per_message=%d server_cpu_ms=%d server_cpu_ms_per_message=%.2f server_peak_rss_kb=%d "
                    + "server_peak_pss_kb=%d start_ms=%d end_ms=%d",
                kind, count, connections, seconds, count / seconds, summary.p50Millis(), summary.p99Millis(),
                summary.maxMillis(), answers.get("AA").get(), answers.get("AE").get(), answers.get("AR").get(),
                answers.get("other").get(), bytes / count, cpuMillis, (double) cpuMillis / count,
                memory == null ? 0 : memory.peakKb(), memory == null ? 0 : memory.peakPssKb(), startMillis,
                endMillis));
            if (refused > 0) {
                System.out.println("refusal " + firstRefusal.get());
                System.exit(1);
            }
        } finally {
            senders.shutdownNow();
            for (MllpClient client : clients) {
                client.close();
            }
        }
    }

    /** The load's messages, built before the clock starts. */
    private static List<byte[]> messages(CommandLine line, String kind, int count) throws Exception {
        HospitalMessages hospital = HospitalMessages.read(line.path("examples"), line.text("finess", null));
        int first = line.nonNegative("first", 1);
        String run = line.text("run", "L");
        Instant now = Instant.now();
        List<byte[]> messages = new ArrayList<>(count);
        switch (kind) {
            case "admission" -> {
                List<String> gps = lines(line.path("gps"));
                for (int i = 0; i < count; i++) {
                    String rpps = gps.get(i % gps.size()).split(" ")[1];
                    messages.add(utf8(hospital.admission(run + "-" + i, first + i, rpps, now)));
                }
            }
            case "discharge" -> {
                for (int i = 0; i < count; i++) {
                    messages.add(utf8(hospital.discharge(run + "-" + i, first + i, now)));
                }
            }
            case "document" -> {
                CdaSample cda = CdaSample.read(line.path("cda"));
                List<String> patients = lines(line.path("patients"));
                List<String> professionals = lines(line.path("professionals"));
                String patientDomain = line.text("patient-domain", null);
                Map<String, CdaSample> byPatient = new HashMap<>();
                for (int i = 0; i < count; i++) {
                    String ins = patients.get(i % patients.size());
                    String[] professional = professionals.get(i % professionals.size()).split(" ");
                    CdaSample about = byPatient.computeIfAbsent(ins, cda::withPatient);
                    byte[] document = about.copy(run + "." + (first + i));
                    messages.add(utf8(hospital.document(run + "-" + i, ins, patientDomain, professional[0],
                        professional[1], document, now)));
                }
            }
            default -> throw new IllegalArgumentException("--kind is admission, discharge or document, not " + kind);
        }
        return messages;
    }

    static List<String> lines(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty");
        }
        return lines;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
