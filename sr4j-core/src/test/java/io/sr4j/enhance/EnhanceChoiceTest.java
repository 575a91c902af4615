package io.sr4j.enhance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnhanceChoiceTest {
    @Test
    void autoGradesNoneAndAbsenceDoNotOthersAreNamed() {
        assertTrue(EnhanceChoice.asked("auto"));
        assertTrue(EnhanceChoice.asked(" AUTO "));
        assertFalse(EnhanceChoice.asked("none"));
        assertFalse(EnhanceChoice.asked(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnhanceChoice.asked("yes"));
        assertTrue(e.getMessage().contains("auto or none") && e.getMessage().contains("'yes'"), e.getMessage());
    }
}
