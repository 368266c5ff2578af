package fr.caducee.audit;

/**
 * What kind of box an address is, for the usage indicators: the directory's box type ({@code PER}, {@code ORG},
 * {@code APP}, {@code CAB}), {@link #PATIENT} for a patient's box, {@link #REMOTE} for an address of another
 * operator, {@link #UNKNOWN} for an address of ours that names no box. The audit module does not know the
 * directory: the caller provides this.
 */
@FunctionalInterface
public interface BoxTypes {
    String PATIENT = "PATIENT";
    String REMOTE = "REMOTE";
    String UNKNOWN = "UNKNOWN";

    String typeOf(String address);

    /** True for the types of boxes this operator hosts. */
    static boolean isLocal(String type) {
        return type != null && !REMOTE.equals(type) && !UNKNOWN.equals(type);
    }
}
