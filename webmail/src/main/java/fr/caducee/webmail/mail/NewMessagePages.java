package fr.caducee.webmail.mail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import fr.caducee.webmail.port.Correspondent;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Services;
import fr.caducee.webmail.web.WebRequest;

/**
 * "New message": a patient writes first only to a pharmacy where a dispensing is recorded for them, so the page offers
 * those pharmacies and nothing else. The form's choice is sent as given: a value edited to name a doctor reaches the
 * submission chain, which refuses it, and the page shows that refusal.
 */
public final class NewMessagePages {
    static final String PATH = "/nouveau";
    static final String PHARMACY = "pharmacie";
    static final String SUBJECT = "objet";

    private final Services services;
    private final Sending sending;

    NewMessagePages(Services services, Sending sending) {
        this.services = services;
        this.sending = sending;
    }

    Answer answer(WebRequest request) {
        if (!request.isPost()) {
            return page(request, 200, List.of(), "", "", null);
        }
        List<String> chosen = request.fields(PHARMACY);
        Sending.Result result = sending.send(request, chosen, "Choisissez la pharmacie à qui écrire, puis envoyez.",
            Sending.typed(request, SUBJECT), Optional.empty(), List.of());
        if (result.sent()) {
            return new Answer.Redirect(ConversationPages.LIST, Sending.SENT);
        }
        return page(request, result.status(), chosen, Sending.typed(request, SUBJECT),
            Sending.typed(request, Sending.TEXT), result.refusal());
    }

    private Answer page(WebRequest request, int status, List<String> chosen, String subject, String text,
                        Refusal refusal) {
        List<Correspondent> pharmacies = services.mailbox().pharmacies(request.viewer());
        Map<String, Object> variables = new HashMap<>();
        variables.put("pharmacies", IntStream.range(0, pharmacies.size())
            .mapToObj(i -> new Choice("pharmacie-" + i, pharmacies.get(i).address(), Who.of(pharmacies.get(i)),
                chosen.contains(pharmacies.get(i).address()) || pharmacies.size() == 1 && chosen.isEmpty()))
            .toList());
        variables.put("subject", subject);
        variables.put("text", text);
        variables.put("limit", French.size(services.settings().uploadLimit()));
        if (refusal != null) {
            variables.put("refusal", refusal);
        }
        return new Answer.Page(status, "nouveau", "Nouveau message", variables);
    }

    /** A pharmacy the patient may choose: the radio button's id, its value, and who it is. */
    public record Choice(String id, String address, Who who, boolean checked) {
    }
}
