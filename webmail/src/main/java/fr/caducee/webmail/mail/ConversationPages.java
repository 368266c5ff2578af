package fr.caducee.webmail.mail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.Conversation;
import fr.caducee.webmail.port.ConversationSummary;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.MailMessage;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Pages;
import fr.caducee.webmail.web.Services;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

/**
 * Conversations (the list, one conversation, the reply), the new message to a pharmacy ({@link NewMessagePages}),
 * and attachments. A conversation, message or attachment the open box does not have is "not found", whatever the
 * method: another patient's is not told apart from one that never existed.
 */
public final class ConversationPages implements Pages {
    static final int PAGE_SIZE = 25;
    static final String LIST = "/conversations";
    private static final String CONVERSATION = "/conversations/";
    private static final String REPLY = "/reponse";
    private static final String MESSAGES = "/messages/";
    private static final String PIECES = "/pieces/";
    private static final String NO_SUBJECT = "(sans objet)";

    private final Services services;
    private final PageAudit audit;
    private final HtmlBodies bodies = new HtmlBodies();
    private final Sending sending;
    private final NewMessagePages newMessage;

    public ConversationPages(Services services) {
        this.services = services;
        this.audit = new PageAudit(services.audit(), services.clock());
        this.sending = new Sending(services, audit);
        this.newMessage = new NewMessagePages(services, sending);
    }

    @Override
    public Optional<Answer> answer(WebRequest request) throws WebRefusal {
        String path = request.path();
        if (path.equals(LIST)) {
            return request.isGet() ? Optional.of(list(request)) : Optional.empty();
        }
        if (path.startsWith(CONVERSATION)) {
            String rest = path.substring(CONVERSATION.length());
            boolean reply = rest.endsWith(REPLY);
            String id = reply ? rest.substring(0, rest.length() - REPLY.length()) : rest;
            Conversation conversation = services.mailbox().conversation(request.viewer(), id)
                .orElseThrow(() -> notFound("Cette conversation"));
            if (reply) {
                // A GET here is a reply form's address reached again (after logging in anew): back to the conversation.
                return Optional.of(request.isPost() ? reply(request, conversation) : Answer.Redirect.to(Links.conversation(id)));
            }
            return request.isGet() ? Optional.of(show(request, conversation)) : Optional.empty();
        }
        if (path.equals(NewMessagePages.PATH)) {
            return Optional.of(newMessage.answer(request));
        }
        if (path.startsWith(MESSAGES)) {
            return request.isGet() ? Optional.of(attachment(request, path.substring(MESSAGES.length()))) : Optional.empty();
        }
        return Optional.empty();
    }

    private Answer list(WebRequest request) throws WebRefusal {
        int page = pageNumber(request.query().get("page"));
        int count = services.mailbox().conversationCount(request.viewer());
        int pages = Math.max(1, (count + PAGE_SIZE - 1) / PAGE_SIZE);
        if (page > pages) {
            throw new WebRefusal(Rule.WEBMAIL_NOT_FOUND, "La liste de vos messages n'a pas de page " + page + " (elle en a "
                + pages + ") : retournez à la première page.");
        }
        List<Line> lines = services.mailbox().conversations(request.viewer(), (page - 1) * PAGE_SIZE, PAGE_SIZE).stream()
            .map(ConversationPages::line).toList();
        return Answer.Page.ok("conversations", "Messages", Map.of(
            "lines", lines,
            "count", French.count(count, "conversation", "conversations"),
            "pagination", new Pagination(page, pages,
                page > 1 ? LIST + "?page=" + (page - 1) : "", page < pages ? LIST + "?page=" + (page + 1) : "")));
    }

    private static int pageNumber(String value) throws WebRefusal {
        if (value == null) {
            return 1;
        }
        if (!value.matches("[0-9]{1,6}") || Integer.parseInt(value) < 1) {
            throw new WebRefusal(Rule.WEBMAIL_FORM_INVALID, "Ce numéro de page n'est pas lisible : retournez à la liste "
                + "de vos messages.");
        }
        return Integer.parseInt(value);
    }

    private static Line line(ConversationSummary summary) {
        return new Line(subject(summary), Links.conversation(summary.id()),
            summary.professionals().stream().map(Who::of).toList(),
            French.dateTime(summary.lastActivity()), French.machine(summary.lastActivity()),
            French.count(summary.messages(), "message", "messages"),
            summary.unread() > 0 ? French.count(summary.unread(), "message non lu", "messages non lus") : "",
            summary.closing().isPresent() ? "Conversation close" : summary.replyable() ? "" : "Sans réponse possible");
    }

    private Answer show(WebRequest request, Conversation conversation) {
        String id = conversation.summary().id();
        audit.action(request, Rule.WEBMAIL_READ, "");
        if (conversation.summary().unread() > 0 || conversation.messages().stream().anyMatch(message -> !message.seen())) {
            services.mailbox().markSeen(request.viewer(), id);
        }
        return page(200, conversation, "", null);
    }

    private Answer reply(WebRequest request, Conversation conversation) {
        List<MailMessage> messages = conversation.messages();
        Optional<MailMessage> last = messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1));
        List<String> references = new ArrayList<>();
        last.ifPresent(message -> {
            references.addAll(message.references());
            if (!references.contains(message.messageId())) {
                references.add(message.messageId());
            }
        });
        // The recipients are the hidden fields as the browser sent them: an edited form meets the chain's refusal.
        Sending.Result result = sending.send(request, request.fields("to"),
            "Cette réponse n'a pas de destinataire lisible : rechargez la conversation et répondez à nouveau.",
            "Re: " + conversation.summary().subject(), last.map(MailMessage::messageId), references);
        if (result.sent()) {
            return new Answer.Redirect(Links.conversation(conversation.summary().id()), Sending.SENT);
        }
        return page(result.status(), conversation, Sending.typed(request, Sending.TEXT), result.refusal());
    }

    private Answer page(int status, Conversation conversation, String text, Refusal refusal) {
        ConversationSummary summary = conversation.summary();
        Map<String, Object> variables = new HashMap<>();
        variables.put("messages", conversation.messages().stream().map(this::message).toList());
        variables.put("with", summary.professionals().stream().map(Who::of).toList());
        variables.put("replyable", summary.replyable());
        variables.put("recipients", conversation.replyTo().stream().map(Who::of).toList());
        variables.put("replyTo", conversation.replyTo().stream().map(correspondent -> correspondent.address()).toList());
        variables.put("action", Links.reply(summary.id()));
        variables.put("text", text);
        variables.put("limit", French.size(services.settings().uploadLimit()));
        summary.closing().ifPresent(closing -> variables.put("closing", new Closing(
            "Conversation close par " + Who.of(closing.by()).full() + " le " + French.dateTime(closing.at()) + ".",
            closing.sentence())));
        if (refusal != null) {
            variables.put("refusal", refusal);
        }
        return new Answer.Page(status, "conversation", subject(summary), variables);
    }

    private Message message(MailMessage message) {
        String text = message.text().filter(body -> !body.isBlank()).orElse("");
        // The text when there is one: what the sender wrote, with nothing to clean; else the cleaned HTML.
        String html = text.isEmpty() ? message.html().map(bodies::clean).orElse("") : "";
        return new Message(message.fromPatient() ? Who.YOU : Who.of(message.from()), message.fromPatient(),
            French.dateTime(message.date()), French.machine(message.date()), text, html,
            message.attachments().stream().map(attachment -> attachment(message.ref(), attachment)).toList());
    }

    private static Attachment attachment(String ref, MailMessage.AttachmentInfo info) {
        String kind = info.pdfRendition() ? "Compte rendu (PDF)" : kind(info.mediaType());
        String size = French.size(info.size());
        return new Attachment(info.fileName(), kind, size, Links.attachment(ref, info.index()),
            "Télécharger " + info.fileName() + " (" + size + ")");
    }

    private static String kind(String mediaType) {
        return switch (mediaType.toLowerCase(Locale.ROOT)) {
            case "application/pdf" -> "PDF";
            case "image/jpeg" -> "Image JPEG";
            case "image/png" -> "Image PNG";
            case "text/plain" -> "Texte";
            case "application/zip", "application/x-zip-compressed" -> "Archive ZIP";
            case "application/xml", "text/xml" -> "Document XML";
            default -> mediaType;
        };
    }

    private Answer attachment(WebRequest request, String rest) throws WebRefusal {
        int at = rest.lastIndexOf(PIECES);
        String index = at < 0 ? "" : rest.substring(at + PIECES.length());
        if (at <= 0 || !index.matches("[0-9]{1,6}")) {
            throw notFound("Cette pièce jointe");
        }
        Download download = services.mailbox().attachment(request.viewer(), rest.substring(0, at), Integer.parseInt(index))
            .orElseThrow(() -> notFound("Cette pièce jointe"));
        audit.action(request, Rule.WEBMAIL_READ, "");
        return new Answer.File(download);
    }

    private static String subject(ConversationSummary summary) {
        return summary.subject().isBlank() ? NO_SUBJECT : summary.subject();
    }

    private static WebRefusal notFound(String what) {
        return new WebRefusal(Rule.WEBMAIL_NOT_FOUND, what + " n'est pas dans votre boîte, ou n'y est plus : "
            + "retournez à la liste de vos messages.");
    }

    /** One line of the list. {@code unread} and {@code state} are empty when there is nothing to say. */
    public record Line(String subject, String href, List<Who> with, String date, String machineDate, String messages,
                       String unread, String state) {
    }

    /** Where the list is: "Page 2 sur 5", and the links around it (empty at either end). */
    public record Pagination(int page, int pages, String previous, String next) {
    }

    /** A message as the conversation shows it: its text, or its cleaned HTML, and its attachments. */
    public record Message(Who from, boolean mine, String date, String machineDate, String text, String html,
                          List<Attachment> attachments) {
    }

    /** An attachment: its name, its kind in words, its size in French units, and where to download it. */
    public record Attachment(String name, String kind, String size, String href, String linkText) {
    }

    /** "Conversation close par ... le ...", and the server's own sentence about it. */
    public record Closing(String line, String sentence) {
    }
}
