package web

// authRoutes are the UI routes of second-factor authentication, single
// sign-on, session management and user administration.
func (h *Handler) authRoutes() []route { return nil }
