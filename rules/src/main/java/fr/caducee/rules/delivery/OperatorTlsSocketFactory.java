package fr.caducee.rules.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import fr.caducee.trust.certificate.CertificateValidator;

/**
 * The TLS of outbound delivery to other operators: presents this server's certificate (mutual TLS), trusts only the
 * trust anchors, refuses a remote certificate on its CA's revocation list (or whose CA has no current list), and
 * offers only TLS 1.2/1.3 with forward-secret AEAD suites.
 *
 * <p>JavaMail instantiates socket factories by class name through a static {@code getDefault()}, so nothing can be
 * injected: the server hands over its key material (the keystore and its secret, from its TLS material, never through
 * a system property) and the certificate checks once at start ({@link #use}), kept in static fields read by
 * {@code getDefault()}; before that no connection is made.
 */
public final class OperatorTlsSocketFactory extends SSLSocketFactory {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final String[] SUITES = {
        "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};

    /**
     * The last TLS socket this factory made on each thread: JavaMail connects, upgrades with STARTTLS and sends on
     * the delivery thread, so the transport reads the remote certificate from here once connected.
     */
    private static final ThreadLocal<SSLSocket> LAST_SOCKET = new ThreadLocal<>();

    private static volatile OperatorTlsSocketFactory instance;
    private static volatile CertificateValidator certificateChecks;
    private static volatile Path keystore;
    private static volatile char[] keystoreSecret;

    private final SSLSocketFactory delegate;

    private OperatorTlsSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /**
     * Called by the server at start, before any delivery: its keystore and the keystore's secret (presented to the
     * remote operator), and the checks of the remote operator's certificate.
     */
    public static synchronized void use(Path serverKeystore, char[] secret, CertificateValidator checks) {
        keystore = serverKeystore;
        keystoreSecret = secret.clone();
        certificateChecks = checks;
        instance = null;
    }

    /** Called by JavaMail ({@code mail.smtp.ssl.socketFactory.class}). */
    public static SocketFactory getDefault() {
        OperatorTlsSocketFactory current = instance;
        if (current == null) {
            synchronized (OperatorTlsSocketFactory.class) {
                if (instance == null) {
                    instance = new OperatorTlsSocketFactory(fromKeyMaterial().getSocketFactory());
                }
                current = instance;
            }
        }
        return current;
    }

    static SSLContext fromKeyMaterial() {
        Path file = keystore;
        char[] secret = keystoreSecret;
        CertificateValidator checks = certificateChecks;
        if (file == null || secret == null || checks == null) {
            throw new IllegalStateException("the key material and certificate checks of outbound TLS are not set up: no delivery to other "
                + "operators");
        }
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(file, secret), secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {checks.trustManager()}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot prepare TLS for delivery to other operators: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] secret) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, secret);
        }
        return store;
    }

    private static Socket restrict(Socket socket) {
        if (socket instanceof SSLSocket tls) {
            tls.setEnabledProtocols(PROTOCOLS);
            tls.setEnabledCipherSuites(SUITES);
            LAST_SOCKET.set(tls);
        }
        return socket;
    }

    /** Forgets the socket this thread made last: called before a connection, so that none is taken for another. */
    static void forgetThisThreadsSocket() {
        LAST_SOCKET.remove();
    }

    /** The TLS socket this thread made last (then forgotten), empty if none. */
    static Optional<SSLSocket> takeThisThreadsSocket() {
        SSLSocket socket = LAST_SOCKET.get();
        LAST_SOCKET.remove();
        return Optional.ofNullable(socket);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return SUITES.clone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return SUITES.clone();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return restrict(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return restrict(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return restrict(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return restrict(delegate.createSocket(address, port, localAddress, localPort));
    }
}
