package fr.caducee.server.directory;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Walks a keyed listing of the directory page by page, so that a million boxes are never held at once. */
final class DirectoryPages {

    private DirectoryPages() {
    }

    static <T, K> Stream<T> all(Function<Optional<K>, List<T>> page, Function<T, K> key) {
        Iterator<T> iterator = new Iterator<>() {
            private List<T> current = page.apply(Optional.empty());
            private int index;

            @Override
            public boolean hasNext() {
                if (index < current.size()) {
                    return true;
                }
                if (current.isEmpty()) {
                    return false;
                }
                current = page.apply(Optional.of(key.apply(current.get(current.size() - 1))));
                index = 0;
                return !current.isEmpty();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.get(index++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
    }
}
