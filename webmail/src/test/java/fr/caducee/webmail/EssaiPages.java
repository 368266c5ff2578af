package fr.caducee.webmail;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Pages;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

/** A page group of the tests: a page behind the login with a form that changes something, and a few failures. */
final class EssaiPages implements Pages {
    final AtomicInteger actions = new AtomicInteger();
    volatile WebRequest last;

    @Override
    public Optional<Answer> answer(WebRequest request) throws WebRefusal {
        last = request;
        switch (request.path()) {
            case "/conversations":
                return Optional.of(Answer.Page.ok("essai", "Vos messages", Map.of("box", request.viewer().boxAddress(),
                    "count", actions.get(), "uploads", "-")));
            case "/essai":
                if (request.isPost()) {
                    actions.incrementAndGet();
                    return Optional.of(new Answer.Redirect("/conversations", "Action faite."));
                }
                return Optional.empty();
            case "/essai/envoi":
                return Optional.of(Answer.Page.ok("essai", "Envoi", Map.of("box", request.viewer().boxAddress(),
                    "count", actions.get(), "uploads", request.uploads().stream()
                        .map(upload -> upload.fileName() + ":" + upload.mediaType() + ":" + upload.content().length)
                        .collect(Collectors.joining(",")) + "|" + request.field("texte").orElse(""))));
            case "/essai/panne":
                throw new IllegalStateException("password=hunter2 in jdbc:postgresql://db/caducee");
            case "/essai/indisponible":
                throw new DirectoryUnavailableException("LDAP down", null);
            case "/essai/fichier":
                return Optional.of(new Answer.File(new Download("../compte rendu été.pdf", "application/pdf",
                    "%PDF-1.4".getBytes(StandardCharsets.US_ASCII))));
            default:
                return Optional.empty();
        }
    }
}
