package fr.caducee.server.imap;

import org.apache.james.imap.api.process.ImapSession;

import io.netty.channel.Channel;

/** Told of each command {@link LiteralGuard} refuses, with the answer the client gets. */
interface LiteralRefusals {
    /** @param session the connection's IMAP session, null when it has none yet */
    void refused(Channel channel, ImapSession session, String answer);
}
