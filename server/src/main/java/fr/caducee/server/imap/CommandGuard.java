package fr.caducee.server.imap;

import java.nio.charset.StandardCharsets;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.NettyConstants;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import fr.caducee.rules.Rule;

/**
 * Refuses, before James's decoder sees it, an IMAP command that announces more bytes of literals than
 * {@link CommandLimits} allow, or nests parentheses deeper.
 *
 * <ul>
 * <li>James 3.8.1 checks its {@code literalSizeLimit} only when the announcement and the literal arrive in one
 * buffer; otherwise it answers {@code + Ok} and spools whatever follows to a temporary file, before login too: one
 * client could fill the disk with a {@code {2000000000}} password.</li>
 * <li>James parses nested parentheses recursively: 10,000 of them overflow its stack and the connection ends without
 * an answer.</li>
 * </ul>
 *
 * <p>Sits between the line framer and James's request decoder and follows the byte stream: command lines, quoted
 * strings, and the literals announced at the end of a line ({@code {N}} or {@code {N+}}), which it passes over; a
 * negative size is refused too.
 * The clean case is a command refused on its first line, nothing of it passed on yet, with no bytes on their way
 * (a synchronizing literal waits for our go-ahead): it gets {@code NO [TOOBIG]} (literals) or {@code BAD}
 * (nesting), and the session goes on. Otherwise the client is already sending the literal (non-synchronizing), or
 * James has read part of the command: the answer is {@code BAD}, then {@code BYE}, and the connection is closed,
 * the only way to stop the flow.
 *
 * <p>One instance per connection: it keeps where the stream is.
 */
final class CommandGuard extends ChannelInboundHandlerAdapter {
    static final Rule LITERAL_RULE = Rule.IMAP_LITERAL_TOO_LARGE;
    static final Rule NESTING_RULE = Rule.IMAP_NESTING_TOO_DEEP;
    private static final int MAX_TAG = 64;

    private final CommandLimits limits;
    private final CommandRefusals refusals;

    private long literalRemaining;
    private boolean commandStart = true;
    private boolean firstLine;
    private boolean inTag;
    private final StringBuilder tag = new StringBuilder();
    private long commandLiteralBytes;
    private int depth;
    private boolean tooDeep;
    private boolean inQuote;
    private boolean escaped;
    private Scan scan = Scan.NONE;
    private int digits;
    private long size;
    private boolean negative;
    private boolean closing;

    CommandGuard(CommandLimits limits, CommandRefusals refusals) {
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
            readTag(b);
            if (b == '\n') {
                if (!endOfLine(ctx, buffer, start, commandIndex)) {
                    return;
                }
            } else {
                follow(b);
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
        depth = 0;
        tooDeep = false;
    }

    private void readTag(byte b) {
        if (!inTag) {
            return;
        }
        if (b == ' ' || b == '\r' || b == '\n') {
            inTag = false;
        } else if (tag.length() < MAX_TAG) {
            tag.append((char) (b & 0xff));
        }
    }

    /**
     * Quoted strings (where parentheses and braces are text), the nesting depth, and an announcement at the end of
     * the line: "{", digits, an optional "+", "}", an optional CR; any other byte after it means it was not one.
     */
    private void follow(byte b) {
        if (inQuote) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inQuote = false;
            }
            scan = Scan.NONE;
            return;
        }
        if (b == '"') {
            inQuote = true;
        } else if (b == '(') {
            tooDeep |= ++depth > limits.nesting();
        } else if (b == ')' && depth > 0) {
            depth--;
        }
        if (b == '{') {
            scan = Scan.DIGITS;
            digits = 0;
            size = 0;
            negative = false;
        } else if (b == '-' && scan == Scan.DIGITS && digits == 0 && !negative) {
            negative = true;
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

    /** At the end of a line: a literal announced and allowed, none (the command ends), or refused (returns false). */
    private boolean endOfLine(ChannelHandlerContext ctx, ByteBuf buffer, int start, int commandIndex) {
        Scan announced = scan;
        scan = Scan.NONE;
        inQuote = false;
        escaped = false;
        boolean nothingPassedOn = firstLine && commandIndex >= 0;
        ImapSession session = ctx.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
        if (tooDeep) {
            refuse(ctx, buffer, start, nothingPassedOn ? commandIndex : -1, session, NESTING_RULE, "BAD", "",
                "Parentheses are nested more than " + limits.nesting() + " deep in this command: simplify it");
            return false;
        }
        boolean nonSynchronizing = announced == Scan.CLOSED_NON_SYNCHRONIZING;
        if (announced != Scan.CLOSED && !nonSynchronizing) {
            commandStart = true;
            return true;
        }
        if (negative) {
            // James 3.8.1 invites such a literal ("+ Ok").
            refuse(ctx, buffer, start, nothingPassedOn && !nonSynchronizing ? commandIndex : -1, session,
                LITERAL_RULE, "BAD", "", "A literal cannot have a negative size (-" + size + ")");
            return false;
        }
        long limit = limits.literalsFor(session);
        long total = commandLiteralBytes + size;
        if (limit > 0 && total > limit) {
            refuse(ctx, buffer, start, nothingPassedOn && !nonSynchronizing ? commandIndex : -1, session,
                LITERAL_RULE, "NO", " [TOOBIG]", literalSentence(session, total, limit));
            return false;
        }
        commandLiteralBytes = total;
        literalRemaining = size;
        firstLine = false;
        return true;
    }

    /**
     * @param keepUpTo where the refused command begins in the buffer when the session can go on (what comes before
     *                 goes on to James, the command and what follows it are dropped); -1 to close the connection
     * @param status   the answer's status when the session goes on; it is BAD when the connection is closed
     * @param code     a response code, with its leading space, or empty
     */
    private void refuse(ChannelHandlerContext ctx, ByteBuf buffer, int start, int keepUpTo, ImapSession session,
                        Rule rule, String status, String code, String sentence) {
        String commandTag = tag.length() == 0 ? "*" : tag.toString();
        if (keepUpTo >= 0) {
            if (keepUpTo > start) {
                ctx.fireChannelRead(buffer.retainedSlice(start, keepUpTo - start));
            }
            buffer.release();
            String answer = commandTag + " " + status + code + " " + sentence;
            refusals.refused(ctx.channel(), session, rule, answer);
            ctx.writeAndFlush(line(answer));
            commandStart = true;
            literalRemaining = 0;
        } else {
            buffer.release();
            closing = true;
            String answer = commandTag + " BAD" + code + " " + sentence;
            refusals.refused(ctx.channel(), session, rule, answer + " (connection closed)");
            ctx.write(line(answer));
            ctx.writeAndFlush(line("* BYE The command was already on its way: closing the connection"))
                .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String literalSentence(ImapSession session, long total, long limit) {
        if (!CommandLimits.loggedIn(session)) {
            return "Before login a command may carry at most " + limit + " bytes of literals, this one announces "
                + total + ": log in first";
        }
        return "A command may carry at most " + limit + " bytes of literals here, this one announces " + total
            + ": send a smaller message";
    }

    private static ByteBuf line(String text) {
        return Unpooled.copiedBuffer(text + "\r\n", StandardCharsets.US_ASCII);
    }

    private enum Scan { NONE, DIGITS, PLUS, CLOSED, CLOSED_NON_SYNCHRONIZING }
}
