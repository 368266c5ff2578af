package fr.caducee.server.tls;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/** Drives a client and a server engine through their handshake in memory; an engine's refusal is its SSLException. */
public final class EngineHandshake {
    private EngineHandshake() {
    }

    public static void run(SSLEngine client, SSLEngine server) throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        int size = 64 * 1024;
        ByteBuffer toServer = ByteBuffer.allocate(size);
        ByteBuffer toClient = ByteBuffer.allocate(size);
        ByteBuffer application = ByteBuffer.allocate(size);
        for (int round = 0; round < 100 && !(done(client) && done(server)); round++) {
            step(client, toClient, toServer, application);
            step(server, toServer, toClient, application);
        }
        if (!(done(client) && done(server))) {
            throw new SSLException("the handshake did not finish");
        }
    }

    private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer application)
            throws SSLException {
        HandshakeStatus status = engine.getHandshakeStatus();
        while (status == HandshakeStatus.NEED_TASK) {
            engine.getDelegatedTask().run();
            status = engine.getHandshakeStatus();
        }
        if (status == HandshakeStatus.NEED_WRAP) {
            engine.wrap(ByteBuffer.allocate(0), out);
        } else if (status == HandshakeStatus.NEED_UNWRAP && in.position() > 0) {
            in.flip();
            engine.unwrap(in, application);
            in.compact();
        }
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.FINISHED || status == HandshakeStatus.NOT_HANDSHAKING;
    }
}
