package fr.caducee.server.imap;

import java.nio.charset.StandardCharsets;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.NettyConstants;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Refuses an IMAP command whose literals announce more bytes than {@link LiteralLimits} allow, before James's
 * decoder sees the announcement. James 3.8.1 checks its {@code literalSizeLimit} only when the announcement and the
 * literal arrive in one buffer; otherwise it answers {@code + Ok} and spools whatever follows to a temporary file,
 * before login too: one client could fill the disk with a {@code {2000000000}} password.
 *
 * <p>Sits between the line framer and James's request decoder and follows the byte stream: command lines, and the
 * literals they announce ({@code {N}} or {@code {N+}} at the end of a line), which it passes over. A refused
 * synchronizing literal on the first line of a command is the clean case: the client is waiting for our go-ahead,
 * so the command is answered {@code NO [TOOBIG]}, never passed on, and the session goes on. Otherwise the client is
 * already sending the bytes (non-synchronizing literal), or James has read part of the command: the answer is
 * {@code BAD [TOOBIG]}, then {@code BYE}, and the connection is closed, the only way to stop the flow.
 *
 * <p>One instance per connection: it keeps where the stream is.
 */
final class LiteralGuard extends ChannelInboundHandlerAdapter {
    private static final int MAX_TAG = 64;

    private final LiteralLimits limits;
    private final LiteralRefusals refusals;

    private long literalRemaining;
    private boolean commandStart = true;
    private boolean firstLine;
    private boolean inTag;
    private final StringBuilder tag = new StringBuilder();
    private long commandLiteralBytes;
    private Scan scan = Scan.NONE;
    private int digits;
    private long size;
    private boolean closing;

    LiteralGuard(LiteralLimits limits, LiteralRefusals refusals) {
        this.limits = limits;
        this.refusals = refusals;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buffer)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) {
            buffer.release();
            return;
        }
        int start = buffer.readerIndex();
        int end = buffer.writerIndex();
        // Where the current command began in this buffer; -1 when it began in an earlier one (already passed on).
        int commandIndex = commandStart ? start : -1;
        int i = start;
        while (i < end) {
            if (literalRemaining > 0) {
                int skipped = (int) Math.min(literalRemaining, end - i);
                literalRemaining -= skipped;
                i += skipped;
                continue;
            }
            byte b = buffer.getByte(i);
            if (commandStart) {
                beginCommand();
                commandIndex = i;
            }
            if (inTag) {
                if (b == ' ' || b == '\r' || b == '\n') {
                    inTag = false;
                } else if (tag.length() < MAX_TAG) {
                    tag.append((char) (b & 0xff));
                }
            }
            if (b == '\n') {
                if (!endOfLine(ctx, buffer, start, commandIndex)) {
                    return;
                }
            } else {
                remember(b);
            }
            i++;
        }
        ctx.fireChannelRead(buffer);
    }

    private void beginCommand() {
        commandStart = false;
        firstLine = true;
        inTag = true;
        tag.setLength(0);
        commandLiteralBytes = 0;
        scan = Scan.NONE;
    }

    /** At the end of a line: a literal announced and allowed, none (the command ends), or refused (returns false). */
    private boolean endOfLine(ChannelHandlerContext ctx, ByteBuf buffer, int start, int commandIndex) {
        Announcement announced = announcement();
        scan = Scan.NONE;
        if (announced == null) {
            commandStart = true;
            return true;
        }
        ImapSession session = ctx.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
        long limit = limits.forSession(session);
        long total = commandLiteralBytes + announced.size();
        if (limit > 0 && total > limit) {
            boolean keepSession = !announced.nonSynchronizing() && firstLine && commandIndex >= 0;
            refuse(ctx, buffer, start, keepSession ? commandIndex : -1, session, total, limit);
            return false;
        }
        commandLiteralBytes = total;
        literalRemaining = announced.size();
        firstLine = false;
        return true;
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf buffer, int start, int keepUpTo, ImapSession session,
                        long total, long limit) {
        String commandTag = tag.length() == 0 ? "*" : tag.toString();
        String sentence = sentence(session, total, limit);
        if (keepUpTo >= 0) {
            // Earlier commands of this buffer go on to James; this one and what follows it are dropped.
            if (keepUpTo > start) {
                ctx.fireChannelRead(buffer.retainedSlice(start, keepUpTo - start));
            }
            buffer.release();
            String answer = commandTag + " NO [TOOBIG] " + sentence;
            refusals.refused(ctx.channel(), session, answer);
            ctx.writeAndFlush(line(answer));
            commandStart = true;
            literalRemaining = 0;
        } else {
            buffer.release();
            closing = true;
            String answer = commandTag + " BAD [TOOBIG] " + sentence;
            refusals.refused(ctx.channel(), session, answer + " (connection closed)");
            ctx.write(line(answer));
            ctx.writeAndFlush(line("* BYE The literal was already on its way: closing the connection"))
                .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private String sentence(ImapSession session, long total, long limit) {
        if (!LiteralLimits.loggedIn(session)) {
            return "Before login a command may carry at most " + limit + " bytes of literals, this one announces "
                + total + ": log in first";
        }
        return "A command may carry at most " + limit + " bytes of literals here, this one announces " + total
            + ": send a smaller message";
    }

    private static ByteBuf line(String text) {
        return Unpooled.copiedBuffer(text + "\r\n", StandardCharsets.US_ASCII);
    }

    /**
     * Follows the line for an announcement at its end: "{", digits, an optional "+", "}", an optional CR. Any other
     * byte after it means it was not one (a brace inside a quoted string, say).
     */
    private void remember(byte b) {
        if (b == '{') {
            scan = Scan.DIGITS;
            digits = 0;
            size = 0;
        } else if (b >= '0' && b <= '9' && scan == Scan.DIGITS) {
            digits++;
            // Past 18 digits the size is more than any disk holds: kept at that, refused as such.
            size = digits > 18 ? Long.MAX_VALUE / 4 : size * 10 + (b - '0');
        } else if (b == '+' && scan == Scan.DIGITS && digits > 0) {
            scan = Scan.PLUS;
        } else if (b == '}' && (scan == Scan.PLUS || scan == Scan.DIGITS && digits > 0)) {
            scan = scan == Scan.PLUS ? Scan.CLOSED_NON_SYNCHRONIZING : Scan.CLOSED;
        } else if (b != '\r' || scan != Scan.CLOSED && scan != Scan.CLOSED_NON_SYNCHRONIZING) {
            scan = Scan.NONE;
        }
    }

    /** The announcement at the end of the line just read, or null. */
    private Announcement announcement() {
        return switch (scan) {
            case CLOSED -> new Announcement(size, false);
            case CLOSED_NON_SYNCHRONIZING -> new Announcement(size, true);
            default -> null;
        };
    }

    private enum Scan { NONE, DIGITS, PLUS, CLOSED, CLOSED_NON_SYNCHRONIZING }

    private record Announcement(long size, boolean nonSynchronizing) {
    }
}
