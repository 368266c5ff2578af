package fr.caducee.trust.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.trust.certificate.TrustAnchors;

/** The MX port as James will run it: server keystore from the development PKI, truststore from the trust anchors. */
class MutualTlsTest {
    private static final int TIMEOUT_MILLIS = 15_000;
    private static final char[] TRUSTSTORE_PASSWORD = "truststore secret".toCharArray();
    private static final String TLS_13 = "TLSv1.3";

    @TempDir
    Path dataFolder;

    private DevPki pki;
    private ExecutorService executor;
    private SSLServerSocket mxPort;

    @BeforeEach
    void startMxPort() throws Exception {
        pki = DevPki.ensure(dataFolder.resolve("pki"), List.of("localhost"));
        Path truststore = dataFolder.resolve("truststore.p12");
        TrustAnchors.load(dataFolder.resolve("trust-anchors"), List.of(pki.rootCertificate()))
                .writePkcs12Truststore(truststore, TRUSTSTORE_PASSWORD);

        SSLContext context = SSLContext.getInstance(TLS_13);
        context.init(keyManagers(pki.serverKeystore(), pki.secret()), trustManagers(truststore), null);
        mxPort = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        mxPort.setSoTimeout(TIMEOUT_MILLIS);
        mxPort.setEnabledProtocols(new String[] {TLS_13});
        mxPort.setNeedClientAuth(true);
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopMxPort() throws IOException {
        executor.shutdownNow();
        mxPort.close();
    }

    @Test
    void peerOperatorWithADevelopmentCertificateCompletesTheTls13Handshake() throws Exception {
        Future<String> server = executor.submit(this::acceptOnePeer);
        Future<String> client = executor.submit(() -> connect(keyManagers(pki.peerKeystore(), pki.secret())));

        assertThat(client.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(TLS_13);
        assertThat(server.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
                .isEqualTo(DevPki.PEER_SUBJECT);
    }

    @Test
    void clientWithACertificateFromAnotherCaFailsTheHandshake() throws Exception {
        Path strangerKeystore = dataFolder.resolve("stranger.p12");
        Pkix.root("Unknown operator CA")
                .issue(LeafRequest.builder("mx.stranger.test").clientAuth(true).serverAuth(true).build())
                .writePkcs12(strangerKeystore, pki.secret(), "stranger");

        Future<String> server = executor.submit(this::acceptOnePeer);
        Future<String> client = executor.submit(() -> connect(keyManagers(strangerKeystore, pki.secret())));

        assertThatThrownBy(() -> server.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
        assertClientWasCutOff(client);
    }

    @Test
    void clientWithoutCertificateFailsTheHandshake() throws Exception {
        Future<String> server = executor.submit(this::acceptOnePeer);
        Future<String> client = executor.submit(() -> connect(null));

        assertThatThrownBy(() -> server.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
        assertClientWasCutOff(client);
    }

    /**
     * In TLS 1.3 the client finishes its side of the handshake before the server has judged its
     * certificate: it learns of the refusal from the alert (SSLException) or, when the server has
     * already closed the connection, from a reset or broken pipe (SocketException).
     */
    private static void assertClientWasCutOff(Future<String> client) {
        assertThatThrownBy(() -> client.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    /** Echoes one byte to an authenticated peer and returns the peer certificate's subject. */
    private String acceptOnePeer() throws IOException {
        try (SSLSocket socket = (SSLSocket) mxPort.accept()) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.startHandshake();
            int received = socket.getInputStream().read();
            socket.getOutputStream().write(received);
            socket.getOutputStream().flush();
            X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return peer.getSubjectX500Principal().getName();
        }
    }

    /**
     * Connects as a relaying operator would: to "localhost" with host name verification against
     * the server certificate, trusting the development root; returns the negotiated protocol.
     */
    private String connect(KeyManager[] clientKeyManagers) throws Exception {
        SSLContext context = SSLContext.getInstance(TLS_13);
        context.init(clientKeyManagers,
                new TrustManager[] {TrustAnchors.load(dataFolder.resolve("trust-anchors"),
                        List.of(pki.rootCertificate())).trustManager()},
                null);
        Socket tcp = new Socket();
        tcp.connect(new InetSocketAddress(mxPort.getInetAddress(), mxPort.getLocalPort()), TIMEOUT_MILLIS);
        tcp.setSoTimeout(TIMEOUT_MILLIS);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(tcp, "localhost", mxPort.getLocalPort(), true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {TLS_13});
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(42);
            out.flush();
            InputStream in = socket.getInputStream();
            if (in.read() != 42) {
                throw new SSLException("the server closed the connection without echoing");
            }
            return socket.getSession().getProtocol();
        }
    }

    private static KeyManager[] keyManagers(Path keystore, char[] password) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keyStore.load(in, password);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
        factory.init(keyStore, password);
        return factory.getKeyManagers();
    }

    private static TrustManager[] trustManagers(Path truststore) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            keyStore.load(in, TRUSTSTORE_PASSWORD);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(keyStore);
        return factory.getTrustManagers();
    }
}
