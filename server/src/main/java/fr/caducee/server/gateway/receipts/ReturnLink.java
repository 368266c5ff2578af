package fr.caducee.server.gateway.receipts;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A connection to a hospital's MLLP receiver, over which receipts are sent one at a time, each answered. */
public interface ReturnLink {

    /** @throws IOException the receiver cannot be reached, or its certificate is not one we trust for that name */
    Connection open(InetSocketAddress receiver) throws IOException;

    interface Connection extends Closeable {
        /**
         * Sends one message in an MLLP frame and reads the answer's frame.
         *
         * @throws IOException the connection failed, timed out or was closed before an answer
         */
        byte[] exchange(byte[] message) throws IOException;
    }
}
