package fr.caducee.server.directory;

import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.InvalidModelException;
import spark.ExceptionHandler;
import spark.Service;

/**
 * Turns directory refusals into WebAdmin error answers whose message is the refusal itself ("box x: responsible
 * professional 8100... is not in the directory"), so that an administrator reads what to fix.
 */
final class DirectoryErrors {
    private static final Logger LOGGER = LoggerFactory.getLogger(DirectoryErrors.class);

    private DirectoryErrors() {
    }

    /** An invalid request to the directory routes: missing or malformed field, bad query parameter. */
    static final class BadRequest extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    static void install(Service service) {
        service.exception(BadRequest.class, answer(HttpStatus.BAD_REQUEST_400, ErrorType.INVALID_ARGUMENT));
        service.exception(InvalidIdentifierException.class, answer(HttpStatus.BAD_REQUEST_400, ErrorType.INVALID_ARGUMENT));
        service.exception(InvalidModelException.class, answer(HttpStatus.BAD_REQUEST_400, ErrorType.INVALID_ARGUMENT));
        service.exception(DirectoryRefusal.class, (exception, request, response) -> {
            DirectoryRefusal refusal = (DirectoryRefusal) exception;
            switch (refusal.reason()) {
                case NOT_FOUND -> answer(HttpStatus.NOT_FOUND_404, ErrorType.NOT_FOUND).handle(refusal, request, response);
                case DUPLICATE, CONFLICT -> answer(HttpStatus.CONFLICT_409, ErrorType.WRONG_STATE).handle(refusal, request, response);
                default -> answer(HttpStatus.BAD_REQUEST_400, ErrorType.INVALID_ARGUMENT).handle(refusal, request, response);
            }
        });
        service.exception(DirectoryUnavailableException.class, (exception, request, response) -> {
            LOGGER.error("Directory unavailable during {} {}", request.requestMethod(), request.pathInfo(), exception);
            answer(HttpStatus.SERVICE_UNAVAILABLE_503, ErrorType.SERVER_ERROR).handle(exception, request, response);
        });
    }

    private static <T extends Exception> ExceptionHandler<T> answer(int status, ErrorType type) {
        return (exception, request, response) -> {
            response.status(status);
            response.type("application/json");
            response.body(ErrorResponder.builder()
                .statusCode(status)
                .type(type)
                .message("%s", exception.getMessage())
                .asString());
        };
    }
}
