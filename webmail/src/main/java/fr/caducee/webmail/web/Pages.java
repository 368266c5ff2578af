package fr.caducee.webmail.web;

import java.util.Optional;

/**
 * A group of pages behind the login: the handler finds the session, checks the CSRF token of every POST, then asks
 * each group in turn; the first that knows the path answers. A group never sees a request without a viewer.
 */
public interface Pages {

    /** The answer, or empty when the path is not one of this group's. */
    Optional<Answer> answer(WebRequest request) throws WebRefusal;
}
