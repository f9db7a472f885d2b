package referral

import "koto/internal/services"

// National is the national list of service kinds (package services holds
// it, shared with plans); kept here for callers that name it by referral.
var National = services.National
