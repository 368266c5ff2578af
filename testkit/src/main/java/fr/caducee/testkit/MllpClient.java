package fr.caducee.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;

/**
 * A hospital's information system as the gateway meets it: MLLP (0x0B, the message, 0x1C 0x0D) over TLS with a client
 * certificate, or plain; a message sent as text (segments separated by CR; LF and CRLF, as fixture files have them,
 * become CR) and its acknowledgement read back; raw bytes for the tests of bad framing.
 */
public final class MllpClient implements AutoCloseable {
    public static final int START_BLOCK = 0x0B;
    public static final int END_BLOCK = 0x1C;
    public static final int CARRIAGE_RETURN = 0x0D;
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private MllpClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Plain MLLP, as on the development listener. */
    public static MllpClient plain(String host, int port) throws IOException {
        return new MllpClient(new Socket(host, port));
    }

    /** MLLP over TLS with the given context (the certificate it presents, the authorities it trusts). */
    public static MllpClient tls(String host, int port, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port);
        socket.startHandshake();
        return new MllpClient(socket);
    }

    /**
     * A hospital whose information system presents a certificate naming {@code box}, issued by the server's
     * development root (as {@code scripts/run} creates it), over TLS to {@code port} on loopback.
     */
    public static MllpClient hospital(CaduceeProcess server, int port, String box) throws Exception {
        return tls("localhost", port, TestClients.peer(server, hospitalCertificate(server, box)));
    }

    /** A client certificate naming {@code box} in its CN, issued by the server's development root. */
    public static IssuedCertificate hospitalCertificate(CaduceeProcess server, String box) throws IOException {
        Path pki = server.pkiDir();
        CertificateAuthority root = CertificateAuthority.load(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE),
            pki.resolve(DevPki.ROOT_KEY_FILE));
        return root.issue(LeafRequest.builder(box).serverAuth(false).clientAuth(true).build());
    }

    /** Sends the message in UTF-8 and returns the acknowledgement, decoded as UTF-8, segments separated by CR. */
    public String send(String message) throws IOException {
        return send(message, StandardCharsets.UTF_8);
    }

    /** Sends the message in the character set its MSH-18 declares and returns the acknowledgement decoded in it. */
    public String send(String message, Charset charset) throws IOException {
        return new String(exchange(withCarriageReturns(message).getBytes(charset)), charset);
    }

    /** Frames {@code payload}, sends it and returns the answer's payload. */
    public byte[] exchange(byte[] payload) throws IOException {
        sendFrame(payload);
        return receive();
    }

    /** Frames {@code payload} and sends it, without waiting for an answer. */
    public void sendFrame(byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 3);
        frame.write(START_BLOCK);
        frame.writeBytes(payload);
        frame.write(END_BLOCK);
        frame.write(CARRIAGE_RETURN);
        write(frame.toByteArray());
    }

    /** Sends bytes as they are, framed or not. */
    public void write(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Streams {@code size} bytes ({@code head}, then {@code filler}) as one frame, never holding them whole. */
    public void sendLargeFrame(byte[] head, long size, byte filler) throws IOException {
        out.write(START_BLOCK);
        out.write(head);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, filler);
        for (long left = size - head.length; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
        out.write(END_BLOCK);
        out.write(CARRIAGE_RETURN);
        out.flush();
    }

    /** The next frame's payload. */
    public byte[] receive() throws IOException {
        int first;
        do {
            first = in.read();
            if (first < 0) {
                throw new EOFException("the server closed the connection without answering");
            }
        } while (first != START_BLOCK);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the server closed the connection inside its answer");
            }
            if (b == END_BLOCK) {
                int next = in.read();
                if (next == CARRIAGE_RETURN) {
                    return payload.toByteArray();
                }
                payload.write(b);
                if (next < 0) {
                    throw new EOFException("the server closed the connection inside its answer");
                }
                payload.write(next);
                continue;
            }
            payload.write(b);
        }
    }

    /** True when the server closed the connection (read returns its end) within {@code wait}. */
    public boolean closedByServer(Duration wait) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(before);
            }
        }
    }

    /** Segments separated by CR, as MLLP carries HL7: LF and CRLF turned into CR, a trailing line break kept as one. */
    public static String withCarriageReturns(String message) {
        return message.replace("\r\n", "\r").replace('\n', '\r');
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
