package io.runwarden.engine.cli;

import io.runwarden.engine.DjlTrainingJobFactory;
import io.runwarden.engine.JobOptions;
import io.runwarden.engine.PreparedRun;
import io.runwarden.engine.model.ModelStore;
import io.runwarden.protocol.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./runwarden pretrain} writes a base model directory that a LoRA run accepts as its {@code model}. */
class PretrainIT {

    @Test
    void pretrainingWritesABaseThatFineTuningRunsAccept(@TempDir Path dir) throws Exception {
        Path out = PretrainMain.pretrain(new String[] {"--out", dir.resolve("base").toString(), "--steps", "4",
                "--every", "2"});
        assertNotNull(out);
        assertTrue(Files.isRegularFile(out.resolve(ModelStore.MODEL_JSON)));
        assertTrue(Files.isRegularFile(out.resolve(ModelStore.WEIGHTS)));
        ModelStore.Manifest manifest = ModelStore.readManifest(out);
        assertEquals("gpt", manifest.config().architecture());
        assertEquals(4, manifest.config().layers());
        assertEquals(4L, manifest.step());

        RunSpec lora = new RunSpec(out.toString(), null, null, null, null, null, null, null, null, "lora", null,
                null, null, null, null, null, null, null, null, 10, null, null, null, null, null, null, null, null,
                "cpu");
        PreparedRun run = new DjlTrainingJobFactory().validate("after-pretrain", lora,
                new JobOptions(dir.resolve("run"), false));
        assertEquals(manifest.config(), run.config());
        assertEquals(96, run.spec().dModel());
    }
}
