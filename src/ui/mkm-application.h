/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MKM_TYPE_APPLICATION (mkm_application_get_type ())
G_DECLARE_FINAL_TYPE (MkmApplication, mkm_application, MKM, APPLICATION, AdwApplication)

MkmApplication *mkm_application_new (void);

G_END_DECLS
