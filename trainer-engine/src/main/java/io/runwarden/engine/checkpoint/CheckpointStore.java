package io.runwarden.engine.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checkpoints of one run under {@code <workDir>/checkpoints/step-<N>/}: {@code params.bin} (the trainable
 * tensors — all weights for full fine-tuning, only the adapters for LoRA, whose frozen base is the run's base
 * model), {@code optimizer.bin} (AdamW moments) and {@code state.json} ({@link TrainingState}). A checkpoint is
 * written to a temporary directory and renamed, so a reader never sees half of one.
 */
public final class CheckpointStore {

    public static final String PREFIX = "step-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public CheckpointStore(Path workDir) {
        this.dir = workDir.resolve("checkpoints");
    }

    /** A loaded checkpoint. */
    public record Checkpoint(String id, TrainingState state, Map<String, float[]> params,
                             Map<String, float[]> optimizer) {
    }

    public static String idFor(long step) {
        return PREFIX + step;
    }

    public Path directory() {
        return dir;
    }

    public void save(TrainingState state, Map<String, float[]> params, Map<String, float[]> optimizer) {
        String id = idFor(state.step());
        Path target = dir.resolve(id);
        Path tmp = dir.resolve(".tmp-" + id);
        try {
            Files.createDirectories(dir);
            deleteTree(tmp);
            Files.createDirectories(tmp);
            TensorFile.write(tmp.resolve("params.bin"), params);
            TensorFile.write(tmp.resolve("optimizer.bin"), optimizer);
            JSON.writeValue(tmp.resolve("state.json").toFile(), state);
            deleteTree(target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    public boolean exists(String id) {
        return id != null && id.startsWith(PREFIX) && Files.isRegularFile(dir.resolve(id).resolve("state.json"));
    }

    public Checkpoint load(String id) {
        if (!exists(id)) {
            throw new IllegalArgumentException("no checkpoint " + id + " in " + dir);
        }
        Path c = dir.resolve(id);
        try {
            TrainingState state = JSON.readValue(c.resolve("state.json").toFile(), TrainingState.class);
            return new Checkpoint(id, state, TensorFile.read(c.resolve("params.bin")),
                    TensorFile.read(c.resolve("optimizer.bin")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + c, e);
        }
    }

    public Optional<TrainingState> state(String id) {
        try {
            return Optional.of(JSON.readValue(dir.resolve(id).resolve("state.json").toFile(), TrainingState.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Checkpoint ids, oldest step first. */
    public List<String> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(PREFIX) && exists(n))
                    .sorted(Comparator.comparingLong(CheckpointStore::stepOf))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<String> latest() {
        List<String> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Deletes all but the newest {@code keepLast} checkpoints, always keeping {@code keep} (the best). */
    public void prune(int keepLast, String keep) {
        List<String> all = new ArrayList<>(list());
        for (int i = 0; i < all.size() - keepLast; i++) {
            if (!all.get(i).equals(keep)) {
                delete(all.get(i));
            }
        }
    }

    /** Deletes checkpoints after {@code step} (an abandoned branch after a rollback), except {@code keep}. */
    public void deleteAfter(long step, String keep) {
        for (String id : list()) {
            if (stepOf(id) > step && !id.equals(keep)) {
                delete(id);
            }
        }
    }

    public void delete(String id) {
        try {
            deleteTree(dir.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long stepOf(String id) {
        try {
            return Long.parseLong(id.substring(PREFIX.length()));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
