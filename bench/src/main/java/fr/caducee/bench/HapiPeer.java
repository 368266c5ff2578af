package fr.caducee.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.file.Path;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.DefaultApplication;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.util.SocketFactory;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.NoValidation;

/**
 * The peer of the gateway's benchmark: a bare HL7 receiver made of HAPI's own parts, nothing of ours. HAPI's MLLP
 * server ({@code HapiContext.newServer}, a {@code SimpleServer}: a thread per connection, HAPI's lower layer protocol
 * honouring MSH-18) parses each message with HAPI's PipeParser (validation off, as the gateway reads) and answers it
 * with HAPI's {@code DefaultApplication} set to {@code AA}: the acknowledgement HAPI generates from the message. It
 * stores nothing and sends nothing. TLS through HAPI's socket factory hook: the server's own certificate, a client
 * certificate required and checked against the development root, TLS 1.3/1.2 as Caducée's listeners.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.HapiPeer --pki DATA/pki --port 2575
 * </pre>
 * Prints {@code ready port=N} once it accepts connections; runs until killed.
 */
public final class HapiPeer {
    static final String USAGE = "usage: HapiPeer --pki DIR --port N";

    private HapiPeer() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"pki", "port"}, "pki", "port");
        Path pki = line.path("pki");
        int port = line.positive("port", null);
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(new NoValidation());
        // The acknowledgements' control ids counted in memory: HAPI's default keeps its counter in ./id_file.
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        context.setLowerLayerProtocol(new MinLowerLayerProtocol(true));
        context.setSocketFactory(new TlsSocketFactory(pki));
        HL7Service server = context.newServer(port, true);
        server.registerApplication("*", "*", new DefaultApplication(AcknowledgmentCode.AA));
        server.startAndWait();
        System.out.println("ready port=" + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** HAPI's sockets, but TLS with the server's certificate and a client certificate required. */
    private static final class TlsSocketFactory implements SocketFactory {
        private final StandardSocketFactory standard = new StandardSocketFactory();
        private final Path pki;

        TlsSocketFactory(Path pki) {
            this.pki = pki;
        }

        @Override
        public Socket createSocket() throws IOException {
            return standard.createSocket();
        }

        @Override
        public Socket createTlsSocket() throws IOException {
            return standard.createTlsSocket();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return standard.createServerSocket();
        }

        @Override
        public ServerSocket createTlsServerSocket() throws IOException {
            try {
                return new LoopbackOnly(HospitalTls.serverSocket(pki));
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("the peer's TLS from " + pki + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void configureNewAcceptedSocket(Socket socket) throws SocketException {
            standard.configureNewAcceptedSocket(socket);
        }
    }

    /**
     * HAPI binds its server socket to every interface; this one takes the port on loopback only: the peer serves the
     * benchmark on this machine, nobody else.
     */
    private static final class LoopbackOnly extends ServerSocket {
        private final ServerSocket tls;

        LoopbackOnly(ServerSocket tls) throws IOException {
            this.tls = tls;
        }

        @Override
        public void bind(SocketAddress endpoint, int backlog) throws IOException {
            int port = endpoint instanceof InetSocketAddress address ? address.getPort() : 0;
            tls.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        }

        @Override
        public Socket accept() throws IOException {
            return tls.accept();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            tls.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws IOException {
            return tls.getSoTimeout();
        }

        @Override
        public int getLocalPort() {
            return tls.getLocalPort();
        }

        @Override
        public boolean isBound() {
            return tls.isBound();
        }

        @Override
        public boolean isClosed() {
            return tls.isClosed();
        }

        @Override
        public void close() throws IOException {
            tls.close();
        }
    }
}
