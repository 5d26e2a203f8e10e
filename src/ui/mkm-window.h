/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mkm-settings.h"

G_BEGIN_DECLS

#define MKM_TYPE_WINDOW (mkm_window_get_type ())
G_DECLARE_FINAL_TYPE (MkmWindow, mkm_window, MKM, WINDOW, AdwApplicationWindow)

MkmWindow   *mkm_window_new          (GtkApplication *application,
                                      MkmSettings    *settings);
MkmSettings *mkm_window_get_settings (MkmWindow      *self);
void         mkm_window_show_page    (MkmWindow      *self,
                                      const char     *name);

G_END_DECLS
