package fr.caducee.server.gateway.receipts;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import fr.caducee.gateway.mllp.MllpFramingException;
import fr.caducee.gateway.mllp.MllpReader;
import fr.caducee.gateway.mllp.MllpWriter;
import fr.caducee.server.ListenerTls;
import fr.caducee.server.TlsMaterial;
import fr.caducee.trust.certificate.CertificateValidator;

/**
 * MLLP over TLS to a hospital's receiver: the server's own certificate as client certificate (the one the trust
 * space knows it by), the receiver's certificate checked against the trust anchors only and for the host name it
 * is reached by (HTTPS's rules: a DNS name or an IP address in its subjectAltName), then against the revocation
 * lists ({@link CertificateValidator}, as a peer operator's: a CA without a current list means "not now", and the
 * receipt waits), TLS 1.3 and 1.2 with the listeners' suites. An answer is awaited {@link #ANSWER_TIMEOUT} at most and read within {@link #MAX_ANSWER_BYTES}.
 */
public final class TlsReturnLink implements ReturnLink {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    private final SocketFactory sockets;
    private final Optional<CertificateValidator> validator;

    private TlsReturnLink(SocketFactory sockets, Optional<CertificateValidator> validator) {
        this.sockets = sockets;
        this.validator = validator;
    }

    public static TlsReturnLink of(TlsMaterial material, CertificateValidator validator) {
        // On the material in force at each connection: a reload reaches the next receipt sent.
        return new TlsReturnLink(material.context(material.anchorsTrustManager()).getSocketFactory(),
            Optional.of(validator));
    }

    /** With a TLS context of the test's own (its key, its anchors). */
    static TlsReturnLink of(SSLContext context, CertificateValidator validator) {
        return new TlsReturnLink(context.getSocketFactory(), Optional.of(validator));
    }

    /** Plain MLLP, for tests of what is sent and answered. */
    static TlsReturnLink plain() {
        return new TlsReturnLink(SocketFactory.getDefault(), Optional.empty());
    }

    @Override
    public Connection open(InetSocketAddress receiver) throws IOException {
        Socket socket = sockets.createSocket();
        try {
            if (socket instanceof SSLSocket ssl) {
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setProtocols(ListenerTls.PROTOCOLS.toArray(String[]::new));
                parameters.setCipherSuites(ListenerTls.CIPHER_SUITES.toArray(String[]::new));
                ssl.setSSLParameters(parameters);
            }
            InetSocketAddress resolved = receiver.isUnresolved()
                ? new InetSocketAddress(receiver.getHostString(), receiver.getPort()) : receiver;
            socket.connect(resolved, (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
                checkRevocation(ssl, receiver);
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new MllpConnection(socket);
    }

    private void checkRevocation(SSLSocket ssl, InetSocketAddress receiver) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : ssl.getSession().getPeerCertificates()) {
            chain.add((X509Certificate) certificate);
        }
        CertificateValidator.Verdict verdict = validator.orElseThrow().validate(chain, Instant.now());
        if (!verdict.valid()) {
            throw new SSLPeerUnverifiedException("the certificate of " + receiver.getHostString() + ":"
                + receiver.getPort() + " is not taken (" + verdict.problem() + "): " + verdict.sentence());
        }
    }

    @Override
    public String toString() {
        return validator.isPresent() ? "MLLP over TLS" : "plain MLLP";
    }

    private static final class MllpConnection implements Connection {
        private final Socket socket;
        private final OutputStream out;
        private final MllpReader reader;

        MllpConnection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            this.reader = new MllpReader(in, MAX_ANSWER_BYTES);
        }

        @Override
        public byte[] exchange(byte[] message) throws IOException {
            MllpWriter.write(out, message);
            try {
                Optional<byte[]> answer = reader.next();
                if (answer.isEmpty()) {
                    throw new EOFException("the receiver closed the connection without answering");
                }
                return answer.get();
            } catch (MllpFramingException e) {
                throw new IOException("the receiver's answer is not an MLLP frame: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The server's key for our side, the trust anchors alone for theirs. */
    static SSLContext context(Path keystorePath, char[] secret, List<X509Certificate> anchors) {
        try {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystorePath)) {
                keystore.load(in, secret);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keystore, secret);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                trusted.setCertificateEntry("anchor-" + i, anchors.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the TLS context of the receipts back to hospitals: "
                + e.getMessage(), e);
        }
    }
}
