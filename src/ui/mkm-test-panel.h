/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mkm-settings.h"

G_BEGIN_DECLS

#define MKM_TYPE_TEST_PANEL (mkm_test_panel_get_type ())
G_DECLARE_FINAL_TYPE (MkmTestPanel, mkm_test_panel, MKM, TEST_PANEL, AdwPreferencesGroup)

void     mkm_test_panel_set_settings (MkmTestPanel *self,
                                      MkmSettings  *settings);
gboolean mkm_test_panel_get_busy     (MkmTestPanel *self);
void     mkm_test_panel_cancel       (MkmTestPanel *self);

G_END_DECLS
