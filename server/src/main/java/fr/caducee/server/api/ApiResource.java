package fr.caducee.server.api;

/**
 * One resource of the HTTPS API ({@link ApiListener}), answering every request whose path is {@link #path()} or
 * under it, once the caller is authenticated. A module adds one in one line:
 * <pre>
 * Multibinder.newSetBinder(binder(), ApiResource.class).addBinding().to(ReceiptsResource.class);
 * </pre>
 */
public interface ApiResource {

    /** The path it answers, e.g. {@code /fhir/DocumentReference}; the longest path of all resources wins. */
    String path();

    /**
     * @throws ApiRefusal for an answer the caller can act on (400, 403, 404...), audited by the listener
     */
    ApiAnswer answer(ApiCall call) throws ApiRefusal;
}
