package fr.caducee.server.gateway;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.gateway.Connection;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.Gateway;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.mllp.MllpFramingException;
import fr.caducee.gateway.mllp.MllpReader;
import fr.caducee.gateway.mllp.MllpWriter;
import fr.caducee.server.ListenerTls;
import fr.caducee.server.TlsMaterial;

/**
 * The gateway's MLLP listeners: over TLS on {@code caducee.gateway.bind} (the listeners' protocols and suites, the
 * server's certificate, a client certificate required and chaining to the trust anchors), and plain on a loopback
 * {@code caducee.gateway.plainBind} for development. Neither exists unless configured.
 *
 * <p>A thread per connection, at most {@code maxConnections} at once (one more is closed at once, logged); a connection
 * silent for {@code idleSeconds} is closed. Every frame is answered: by the {@link Gateway} for a hospital its
 * certificate names ({@link HospitalPeers}); {@code AE hl7-peer-unknown} for each frame of a certificate naming no
 * declared hospital, whose connection is then closed; {@code AE} without MSA-2 for a frame the MLLP reader refuses
 * (framing, size), the connection going on; {@code AR} while the directory cannot tell the peer.
 */
public final class MllpListener {
    private static final Logger LOGGER = LoggerFactory.getLogger(MllpListener.class);
    /** A client has this long to finish its TLS handshake. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /** An unknown peer's frames already on their way are answered; this silence, or this many, closes it. */
    static final Duration UNKNOWN_PEER_LINGER = Duration.ofSeconds(1);
    static final int UNKNOWN_PEER_FRAMES = 100;

    private final GatewaySettings settings;
    private final TlsMaterial tls;
    private final HospitalPeers peers;
    private final Gateway gateway;
    private final Semaphore slots;
    private final AtomicLong connections = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket secure;
    private ServerSocket plain;
    private volatile boolean stopping;

    public MllpListener(GatewaySettings settings, TlsMaterial tls, HospitalPeers peers, Gateway gateway) {
        this.settings = settings;
        this.tls = tls;
        this.peers = peers;
        this.gateway = gateway;
        this.slots = new Semaphore(settings.maxConnections());
    }

    public void start() throws Exception {
        if (settings.bind().isPresent()) {
            secure = tlsServerSocket(settings.bind().get());
            accepting(secure, true);
            LOGGER.info("Gateway listening on {} (MLLP over TLS, client certificate required)", address(secure));
        }
        if (settings.plainBind().isPresent()) {
            plain = new ServerSocket();
            plain.setReuseAddress(true);
            plain.bind(settings.plainBind().get());
            accepting(plain, false);
            LOGGER.warn("Gateway listening on {} in PLAIN MLLP, for development only: patients' data travel in clear",
                address(plain));
        }
    }

    public void stop() {
        stopping = true;
        for (ServerSocket listener : new ServerSocket[] {secure, plain}) {
            if (listener != null) {
                try {
                    listener.close();
                } catch (IOException e) {
                    // stopping
                }
            }
        }
        open.forEach(MllpListener::close);
    }

    /** The listeners bound, as the start-up banner shows them; empty when none is configured. */
    public Map<String, String> addresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        if (secure != null) {
            addresses.put("gateway", address(secure) + " (MLLP over TLS)");
        }
        if (plain != null) {
            addresses.put("gateway-dev", address(plain) + " (plain MLLP, development)");
        }
        return addresses;
    }

    /** The port the TLS listener is bound to; empty without one. */
    public Optional<Integer> port() {
        return Optional.ofNullable(secure).map(ServerSocket::getLocalPort);
    }

    private static String address(ServerSocket socket) {
        String host = socket.getInetAddress().isAnyLocalAddress() ? "*" : socket.getInetAddress().getHostAddress();
        return host + ":" + socket.getLocalPort();
    }

    private ServerSocket tlsServerSocket(InetSocketAddress bind) throws Exception {
        // On the material in force at each handshake: a reload reaches the next hospital that connects.
        SSLContext context = tls.context(tls.anchorsTrustManager());
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        socket.setNeedClientAuth(true);
        socket.setEnabledProtocols(supported(ListenerTls.PROTOCOLS.toArray(String[]::new),
            socket.getSupportedProtocols()));
        socket.setEnabledCipherSuites(supported(ListenerTls.CIPHER_SUITES.toArray(String[]::new),
            socket.getSupportedCipherSuites()));
        socket.bind(bind);
        return socket;
    }

    private static String[] supported(String[] wanted, String[] supported) {
        Set<String> available = Set.of(supported);
        return Arrays.stream(wanted).filter(available::contains).toArray(String[]::new);
    }

    private void accepting(ServerSocket listener, boolean certificates) {
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                Socket socket;
                try {
                    socket = listener.accept();
                } catch (IOException e) {
                    if (!stopping) {
                        LOGGER.error("Gateway: accepting on {} failed", address(listener), e);
                    }
                    continue;
                }
                if (!slots.tryAcquire()) {
                    LOGGER.warn("Gateway: connection from {} closed at once: {} connections are served already "
                        + "(caducee.gateway.maxConnections)", socket.getInetAddress().getHostAddress(),
                        settings.maxConnections());
                    close(socket);
                    continue;
                }
                String id = "mllp-" + connections.incrementAndGet();
                Thread serving = new Thread(() -> {
                    open.add(socket);
                    try {
                        serve(socket, id, certificates);
                    } finally {
                        open.remove(socket);
                        close(socket);
                        slots.release();
                    }
                }, "gateway-" + id);
                serving.setDaemon(true);
                serving.start();
            }
        }, "gateway-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket socket, String id, boolean certificates) {
        String remote = socket.getInetAddress().getHostAddress();
        try {
            socket.setSoTimeout((int) settings.idleTimeout().toMillis());
            Optional<X509Certificate[]> chain = Optional.empty();
            if (certificates) {
                chain = Optional.of(handshake((SSLSocket) socket));
            }
            Connection connection = new Connection(id, remote,
                chain.map(certificate -> certificate[0].getSubjectX500Principal().getName()).orElse(""));
            LOGGER.debug("Gateway: {} from {} {}", id, remote, connection.certificate());
            converse(socket, connection, chain);
        } catch (SocketTimeoutException e) {
            LOGGER.debug("Gateway: {} from {} closed after {} of silence", id, remote, settings.idleTimeout());
        } catch (SSLException e) {
            LOGGER.info("Gateway: TLS with {} failed ({}): a hospital connects with a client certificate chaining to "
                + "the trust anchors", remote, e.getMessage());
        } catch (IOException e) {
            if (!stopping) {
                LOGGER.debug("Gateway: {} from {} ended: {}", id, remote, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOGGER.error("Gateway: {} from {} failed", id, remote, e);
        }
    }

    private X509Certificate[] handshake(SSLSocket socket) throws IOException {
        int idle = socket.getSoTimeout();
        socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
        socket.startHandshake();
        socket.setSoTimeout(idle);
        Certificate[] certificates = socket.getSession().getPeerCertificates();
        return Arrays.stream(certificates).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }

    private void converse(Socket socket, Connection connection, Optional<X509Certificate[]> chain) throws IOException {
        MllpReader reader = new MllpReader(new BufferedInputStream(socket.getInputStream()),
            settings.maxMessageBytes());
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        Optional<Peer> peer = Optional.empty();
        DirectoryUnavailableException directoryDown = null;
        boolean unknown = false;
        int refusedAsUnknown = 0;
        if (chain.isPresent()) {
            try {
                peer = peers.peerFor(chain.get());
                unknown = peer.isEmpty();
            } catch (DirectoryUnavailableException e) {
                directoryDown = e;
            }
        }
        while (true) {
            Optional<byte[]> frame;
            try {
                frame = reader.next();
            } catch (MllpFramingException e) {
                if (e.connectionLost()) {
                    LOGGER.info("Gateway: {} from {} closed inside a frame", connection.id(), connection.remote());
                    return;
                }
                MllpWriter.write(out, gateway.refuseFrame(e, peer, connection));
                continue;
            }
            if (frame.isEmpty()) {
                return;
            }
            byte[] payload = frame.get();
            if (chain.isEmpty()) {
                MllpWriter.write(out, gateway.answerByFacility(payload, connection));
                continue;
            }
            if (directoryDown != null) {
                try {
                    peer = peers.peerFor(chain.get());
                    unknown = peer.isEmpty();
                    directoryDown = null;
                } catch (DirectoryUnavailableException e) {
                    directoryDown = e;
                    MllpWriter.write(out, gateway.unavailable(payload,
                        new DependencyUnavailableException("the directory cannot be reached", e), connection));
                    continue;
                }
            }
            if (unknown) {
                MllpWriter.write(out, gateway.refuseUnknownPeer(payload, connection));
                if (refusedAsUnknown++ == 0) {
                    LOGGER.warn("Gateway: {} from {}: its certificate ({}) names no hospital declared to the gateway; "
                        + "the frames it sent are refused, then it is closed", connection.id(), connection.remote(),
                        connection.certificate());
                    // The frames it has already sent are answered too; then silence ends the connection.
                    socket.setSoTimeout((int) UNKNOWN_PEER_LINGER.toMillis());
                }
                if (refusedAsUnknown >= UNKNOWN_PEER_FRAMES) {
                    return;
                }
                continue;
            }
            MllpWriter.write(out, gateway.answer(payload, peer.orElseThrow(), connection));
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
