package fr.caducee.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A hospital's MLLP receiver, as the gateway's business receipts (ZAM) reach it: it listens on loopback (TLS with
 * a client certificate required, or plain), reads MLLP frames (0x0B ... 0x1C 0x0D), records each message with the
 * client certificate that brought it, and answers an {@code ACK} whose MSA-1 is {@link #answer(String) chosen}
 * ({@code AA} by default) and MSA-2 the message's MSH-10. {@link #stop()} closes it (connections refused), and
 * {@link #start()} opens it again on the same port: a hospital whose system is down, then back.
 */
public final class HospitalReceiver implements AutoCloseable {

    /** A message received, as decoded (UTF-8, segments separated by CR), and who sent it. */
    public record Received(String message, Optional<X509Certificate> client) {
        /** The message's type, MSH-9, e.g. {@code ZAM^Z01^ZAM_Z01}. */
        public String type() {
            return field("MSH", 9);
        }

        /**
         * A field of the first segment of that name, counted as HL7 counts them (MSH-1 is the field separator);
         * empty when absent.
         */
        public String field(String segment, int number) {
            for (String line : message.split("\r")) {
                if (line.startsWith(segment + "|")) {
                    String[] fields = line.split("\\|", -1);
                    int index = segment.equals("MSH") ? number - 1 : number;
                    return index < fields.length ? fields[index] : "";
                }
            }
            return "";
        }

        /** Every segment of that name, whole. */
        public List<String> segments(String segment) {
            List<String> found = new ArrayList<>();
            for (String line : message.split("\r")) {
                if (line.startsWith(segment + "|")) {
                    found.add(line);
                }
            }
            return found;
        }
    }

    private final SSLContext tls;
    private final ExecutorService connections = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicReference<String> answer = new AtomicReference<>("AA");
    private final int port;
    private volatile ServerSocket listener;

    private HospitalReceiver(SSLContext tls, int port) throws IOException {
        this.tls = tls;
        this.listener = open(port);
        this.port = listener.getLocalPort();
        connections.submit(this::acceptLoop);
    }

    /**
     * Over TLS: {@code context} presents the receiver's certificate (it must name {@code localhost}) and trusts the
     * CAs its clients' certificates must chain to; a client without one is refused during the handshake.
     */
    public static HospitalReceiver tls(SSLContext context) throws IOException {
        return new HospitalReceiver(context, 0);
    }

    /** The same on a port chosen beforehand (a server's settings name it before the receiver can be made). */
    public static HospitalReceiver tls(SSLContext context, int port) throws IOException {
        return new HospitalReceiver(context, port);
    }

    public static HospitalReceiver plain() throws IOException {
        return new HospitalReceiver(null, 0);
    }

    public int port() {
        return port;
    }

    /** {@code localhost:<port>}, as a hospital's return address is declared. */
    public String address() {
        return "localhost:" + port;
    }

    /** MSA-1 of the answers from now on: {@code AA}, {@code AE}, {@code AR}. */
    public void answer(String code) {
        answer.set(code);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The messages received of that MSH-9.2 (e.g. {@code Z01}). */
    public List<Received> received(String trigger) {
        return received.stream().filter(message -> message.type().split("\\^", -1).length > 1
            && message.type().split("\\^", -1)[1].equals(trigger)).toList();
    }

    /** Connections opened to it, whatever came of them. */
    public int connections() {
        return accepted.get();
    }

    /** Closed: connections to its port are refused until {@link #start()}. */
    public synchronized void stop() throws IOException {
        listener.close();
    }

    /** Listening again on the same port. */
    public synchronized void start() throws IOException {
        if (!listener.isClosed()) {
            return;
        }
        listener = open(port);
        connections.submit(this::acceptLoop);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        connections.shutdownNow();
    }

    private ServerSocket open(int wanted) throws IOException {
        ServerSocket socket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        if (socket instanceof SSLServerSocket secured) {
            secured.setNeedClientAuth(true);
        }
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
        return socket;
    }

    private void acceptLoop() {
        ServerSocket current = listener;
        while (!current.isClosed()) {
            try {
                Socket socket = current.accept();
                accepted.incrementAndGet();
                connections.submit(() -> converse(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket socket) {
        try (socket) {
            socket.setSoTimeout(60_000);
            Optional<X509Certificate> client = Optional.empty();
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
                SSLSession session = ssl.getSession();
                client = Optional.of((X509Certificate) session.getPeerCertificates()[0]);
            }
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (Optional<String> frame = frame(in); frame.isPresent(); frame = frame(in)) {
                Received message = new Received(frame.get(), client);
                received.add(message);
                out.write(0x0B);
                out.write(ack(message).getBytes(StandardCharsets.UTF_8));
                out.write(0x1C);
                out.write(0x0D);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away, or its certificate was refused
        }
    }

    private String ack(Received message) {
        String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        return "MSH|^~\\&|" + message.field("MSH", 5) + "|" + message.field("MSH", 6) + "|" + message.field("MSH", 3)
            + "|" + message.field("MSH", 4) + "|" + now + "||ACK^" + trigger(message) + "^ACK|ACK"
            + message.field("MSH", 10) + "|P|" + Optional.of(message.field("MSH", 12)).filter(v -> !v.isEmpty())
            .orElse("2.6") + "|||||FRA|UNICODE UTF-8\r" + "MSA|" + answer.get() + "|" + message.field("MSH", 10) + "\r";
    }

    private static String trigger(Received message) {
        String[] type = message.type().split("\\^", -1);
        return type.length > 1 ? type[1] : "";
    }

    /** The next frame's content, empty at the end of the stream; bytes outside frames are skipped. */
    private static Optional<String> frame(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != 0x0B) {
            if (b < 0) {
                return Optional.empty();
            }
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while ((b = in.read()) >= 0) {
            if (b == 0x1C) {
                in.read();
                return Optional.of(content.toString(StandardCharsets.UTF_8));
            }
            content.write(b);
        }
        return Optional.empty();
    }
}
