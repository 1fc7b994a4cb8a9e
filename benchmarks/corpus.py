"""Deterministic generator of a large, realistic, valid cxmaps map repository.

Why this exists: the benchmarks for ``cxmaps validate``, ``mkdocs build`` and
the diff tooling need a corpus that is large (thousands of files), realistic
(the shapes, quoting styles and optional fields that real CX teams write by
hand, see ``FORMAT.md``) and deterministic (the same arguments always give
byte-identical files, so timings are comparable across runs and machines).
Real maps are private and small; this module fabricates a big one.

The corpus is valid: every reference resolves, ids are unique, every ``high``
pain point is addressed by an action item that is not dropped and no map is
stale on 2026-11-23. It is *mostly* warning-free: plain-text pain points carry
no evidence, exactly as hand-written maps often do.

Only the standard library is used and YAML is written by hand as text, in the
style people write it (block mappings and lists, some flow lists and flow
mappings, double quotes only where needed).

Usage::

    python benchmarks/corpus.py OUT_DIR [--journeys N] [--stages N]
        [--touchpoints N] [--personas N] [--seed N]

or ``generate(pathlib.Path(OUT_DIR), journeys=1000)`` from Python.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

__all__ = ["generate", "main", "quote", "slugify"]

TODAY = dt.date(2026, 11, 23)

# --------------------------------------------------------------------------
# YAML text helpers
# --------------------------------------------------------------------------

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = frozenset(",[]{}")
_NUMBERISH = re.compile(r"[-+]?(\.?[0-9][0-9_.,:eE+-]*|\.(inf|nan|Inf|NaN|INF|NAN))")
_SPECIAL_WORDS = frozenset(
    ["~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"]
)


@functools.cache
def quote(text: str, *, flow: bool = False, force: bool = False) -> str:
    """Return ``text`` as a YAML scalar: plain when that is safe, else "...".

    Cached: the corpus draws its text from finite word lists.
    """
    if not text:
        raise ValueError("the corpus never writes empty strings")
    needs = (
        force
        or text[0] in _INDICATORS
        or text != text.strip()
        or ":" in text
        or " #" in text
        or "\n" in text
        or "\t" in text
        or "\\" in text
        or text.lower() in _SPECIAL_WORDS
        or _NUMBERISH.fullmatch(text) is not None
        or (flow and any(c in _FLOW_UNSAFE for c in text))
    )
    if not needs:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow_list(items: list[str]) -> str:
    """``[a, b]`` with every item quoted for flow context."""
    return "[" + ", ".join(quote(i, flow=True) for i in items) + "]"


def text_list(out: list[str], key: str, items: list[str], indent: str,
              rng: random.Random, flow_chance: float = 0.5) -> None:
    """Write a list of text, as a flow list when short and the dice agree."""
    if sum(len(i) for i in items) < 70 and rng.random() < flow_chance:
        out.append(f"{indent}{key}: {flow_list(items)}")
        return
    out.append(f"{indent}{key}:")
    for item in items:
        out.append(f"{indent}  - {quote(item)}")


def slugify(text: str) -> str:
    """The default id of FORMAT.md: folded, hyphenated, lower case, <= 64."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    if len(slug) > 64:
        cut = slug[:64]
        slug = cut[: cut.rfind("-")] if "-" in cut else cut
    return slug


def iso(day: dt.date) -> str:
    return day.isoformat()


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


# --------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------

PHASES: list[tuple[str, str, str]] = [
    # id, name, description: lifecycle.yml, in the customer's order
    ("discover", "Discover", "From first hearing of us to a first visit"),
    ("consider", "Consider", "Comparing us with the alternatives"),
    ("buy", "Buy", "Choosing, paying and receiving a first order"),
    ("use", "Use", "Living with the product or service"),
    ("get-help", "Get help", "When something goes wrong"),
    ("renew-or-leave", "Renew or leave", "Staying, upgrading or going elsewhere"),
]

OWNERS: list[tuple[str, str, str]] = [
    # id, display name, contact
    ("web-team", "Web team", "#web-team on Slack"),
    ("mobile-team", "Mobile app team", "mobile@acme.example"),
    ("checkout-squad", "Checkout squad", "#checkout on Slack"),
    ("payments", "Payments", "payments@acme.example"),
    ("logistics", "Logistics and delivery", "logistics@acme.example"),
    ("customer-service", "Customer service", "cs-leads@acme.example"),
    ("cx-research", "CX research", "#cx-research on Slack"),
    ("marketing", "Marketing", "marketing@acme.example"),
    ("brand", "Brand and content", "brand@acme.example"),
    ("onboarding-squad", "Onboarding squad", "#onboarding on Slack"),
    ("billing-ops", "Billing operations", "billing@acme.example"),
    ("retention", "Retention team", "retention@acme.example"),
    ("store-ops", "Store operations", "stores@acme.example"),
    ("data-analytics", "Data and analytics", "#data-help on Slack"),
    ("legal", "Legal and compliance", "legal@acme.example"),
    ("accessibility-guild", "Accessibility guild", "#a11y on Slack"),
    ("product-content", "Product content", "content@acme.example"),
    ("partnerships", "Partnerships", "partners@acme.example"),
    ("platform-team", "Platform team", "#platform on Slack"),
    ("loyalty-team", "Loyalty programme", "loyalty@acme.example"),
]

FIRST_NAMES = [
    "Priya", "Tom", "Amira", "José", "Lena", "Marcus", "Zoë", "Kenji", "Fatima",
    "Oliver", "Chloé", "Ravi", "Hannah", "Mateo", "Aisha", "Björn", "Sofia", "Daniel",
    "Mei", "Lukas", "Grace", "Omar", "Ingrid", "Carlos", "Yuki", "Nadia", "Pieter",
    "Emma", "Tariq", "Renée", "Jonas", "Leila", "Samuel", "Ana", "Felix", "Noor",
    "Victor", "Hana", "Elijah", "Marta", "Kwame", "Clara", "Diego", "Sven", "Laila",
    "Mohammed", "Julia", "Ethan", "Rosa", "Ibrahim", "Nina", "Hugo", "Maya", "Anders",
    "Chiara", "Andrés", "Olivia", "Arjun", "Eva",
]

# label, role, segment, typical activity (for prose), quote
Archetype = tuple[str, str, str, str, str]
ARCHETYPES: list[Archetype] = [
    ("busy professional", "Operations manager at a 40-person firm",
     "Urban professionals", "fits errands between meetings",
     "If I can't do it on my phone between meetings, I won't do it."),
    ("budget shopper", "Part-time retail worker with two children",
     "Price-sensitive families", "compares every price before buying",
     "I always check three sites before I pay."),
    ("first-time buyer", "Graduate who just moved into a first flat",
     "Young adults", "is doing most of this for the first time",
     "Nobody ever explained how any of this works."),
    ("small business owner", "Runs a bakery with six employees",
     "Small and medium businesses", "handles admin late in the evening",
     "Time spent on paperwork is time not spent baking."),
    ("retiree", "Retired teacher living in a small town",
     "Seniors", "prefers a phone call to a web form",
     "I want to talk to a person: someone who knows my name."),
    ("student", "Second-year engineering student",
     "Students", "does everything on a cracked phone screen",
     "If there's a student discount, I'll find it."),
    ("new parent", "Nurse on parental leave",
     "Young families", "shops in short bursts during nap time",
     "I have ten minutes, maybe."),
    ("frequent traveller", "Sales consultant on the road three days a week",
     "Mobile professionals", "manages everything from airports and hotels",
     "It has to work on hotel Wi-Fi at midnight."),
    ("tech enthusiast", "Software developer and early adopter",
     "Digital natives", "reads the changelog before the marketing page",
     "Just give me the API and get out of my way."),
    ("cautious switcher", "Civil servant who has kept the same bank for 20 years",
     "Loyal but wavering customers", "needs proof before changing anything",
     "What if something goes wrong halfway through?"),
    ("loyal regular", "Pharmacist who orders every month",
     "High-value repeat customers", "expects to be recognised",
     "I've been with you for ten years # that should count for something."),
    ("accessibility-first user", "Translator who uses a screen reader",
     "Customers with disabilities", "navigates with a keyboard and screen reader",
     "Half the buttons just say \"click here\"."),
    ("gift buyer", "Lawyer who buys presents for a large family",
     "Occasional gift shoppers", "buys for other people, often at the last minute",
     "It has to arrive before Friday, no excuses."),
    ("bargain hunter", "Warehouse supervisor who loves a deal",
     "Deal seekers", "waits for the sales and stacks discount codes",
     "50% off or I'm not interested."),
    ("remote worker", "UX designer working from a village",
     "Remote and hybrid workers", "depends on deliveries and video calls",
     "The nearest store is an hour away."),
    ("expat newcomer", "Researcher who moved here last year",
     "International newcomers", "is still learning the language and the rules",
     "Is there an English version of this letter?"),
    ("caregiver", "Office manager who looks after her father",
     "Family carers", "manages accounts on behalf of someone else",
     "I'm doing this for my dad, not for me."),
    ("freelancer", "Freelance photographer",
     "Self-employed", "juggles irregular income and invoices",
     "My income is different every month; your forms assume it isn't."),
    ("landlord", "Owns three rental flats",
     "Private landlords", "manages contracts for several addresses",
     "I need one view of all my properties."),
    ("gig worker", "Delivery rider working evenings",
     "Gig economy workers", "has little time and an unpredictable schedule",
     "I get paid per delivery, so every minute on hold costs me."),
    ("eco-conscious shopper", "Teacher who avoids single-use plastic",
     "Sustainability-minded customers", "checks the packaging and the supply chain",
     "Why does a phone case come in three boxes?"),
    ("night-shift worker", "Hospital porter on night shifts",
     "Shift workers", "does admin at 3 a.m. when offices are closed",
     "Your opening hours are my sleeping hours."),
    ("rural customer", "Farmer in a remote valley",
     "Rural households", "has patchy mobile coverage",
     "Delivery here takes two days longer, always."),
    ("power user", "IT administrator for a school",
     "Advanced users", "manages many accounts and devices",
     "Bulk actions, please: I have 300 of these."),
    ("anxious first-timer", "Apprentice electrician",
     "Inexperienced customers", "worries about making an irreversible mistake",
     "Can I undo this if I get it wrong?"),
    ("family organiser", "Accountant and mother of three",
     "Households", "coordinates purchases for the whole family",
     "Everyone in the house uses my account."),
    ("digital sceptic", "Retired mechanic",
     "Offline-first customers", "distrusts apps and prefers paper",
     "I'd rather get a letter, thank you."),
    ("premium customer", "Surgeon with little free time",
     "Premium segment", "pays for convenience and expects white-glove service",
     "I pay extra so that I don't have to chase anyone."),
    ("procurement lead", "Purchasing manager at a logistics firm",
     "Enterprise buyers", "needs approvals, purchase orders and invoices",
     "Without a PO number, finance won't pay it."),
    ("returning customer", "Architect who left and came back",
     "Win-back customers", "remembers what went wrong last time",
     "Last time it took three calls to cancel."),
]

CITIES = [
    "Berlin", "Hamburg", "Munich", "Amsterdam", "Rotterdam", "Lyon", "Paris", "Madrid",
    "Sevilla", "Milano", "Warsaw", "Kraków", "Stockholm", "Malmö", "Oslo",
    "Copenhagen", "Dublin", "Leeds", "Manchester", "Brussels", "Vienna", "Zürich",
    "Lisbon", "Porto", "Toronto", "Chicago",
]

INCOMES = ["under €25k", "€25k–40k", "€40k–60k", "€60k–90k", "over €90k"]
HOUSEHOLDS = ["single", "couple", "couple with children", "single parent",
              "shared flat", "multi-generational"]

PERSONA_GOALS = [
    "Reorder supplies in under two minutes", "Never pay more than needed",
    "Understand the total cost up front", "Get help without waiting on hold",
    "Keep all documents in one place", "Avoid surprises on the bill",
    "Finish setup in one sitting", "Switch providers without a gap in service",
    "Get deliveries when someone is home", "Use the service without help",
    "Manage accounts for the whole family", "Get receipts for the tax return",
    "Spend less time on admin", "Feel recognised as a long-time customer",
    "Reduce packaging waste", "Travel without worrying about coverage",
]
PERSONA_NEEDS = [
    "Clear prices including all fees", "A human to talk to when stuck",
    "Works on a small phone screen", "Delivery slots in the evening",
    "Plain language, no jargon", "Screen-reader friendly forms",
    "Invoices with a purchase order number", "An English-language version",
    "A way to undo mistakes", "Status updates without asking",
    "Offline access to key documents", "Fast checkout with saved details",
    "Support outside office hours", "Proof that a change is safe",
]
PERSONA_PAINS = [
    "Hidden fees at checkout", "Long phone queues", "Forms that time out",
    "Having to repeat information", "Letters full of jargon",
    "Apps that log out constantly", "Parcels left at the depot",
    "Unclear cancellation rules", "Too many marketing e-mails",
    "Prices that change after sign-up", "Buttons labelled \"click here\"",
    "Password rules shown only after an error",
]
PERSONA_BEHAVIORS = [
    "Shops on the phone during the commute", "Reads reviews before buying",
    "Keeps a spreadsheet of subscriptions", "Calls rather than chats",
    "Uses a password manager", "Buys at the last minute",
    "Waits for sales events", "Asks friends for recommendations",
    "Screenshots confirmations", "Compares three offers before deciding",
    "Checks the app every morning", "Prints important documents",
]
PERSONA_MOTIVATIONS = [
    "Saving time", "Saving money", "Feeling in control", "Peace of mind",
    "Looking after family", "Doing the right thing for the planet",
    "Being treated as a valued customer", "Learning something new",
]
CHANNELS = ["web", "mobile web", "mobile app", "email", "phone", "store",
            "social", "chat", "SMS", "letter", "partner site"]

# stage name -> touchpoint names
STAGE_TOUCHPOINTS: dict[str, list[str]] = {
    "Awareness": [
        "Sees Instagram ad", "Hears about us from a friend",
        "Reads a comparison article", "Searches on Google",
        "Watches a YouTube review", "Gets a flyer in the mail",
        "Sees a billboard near the station", "Reads a newsletter mention",
        "Notices a store window display", "Clicks a partner banner",
    ],
    "Research": [
        "Reads product reviews", "Compares prices on a comparison site",
        "Browses the FAQ", "Asks in a community forum",
        "Checks delivery options", "Downloads the brochure",
        "Reads the terms and conditions", "Watches a how-to video",
        "Uses the online calculator", "Checks ratings on Trustpilot",
    ],
    "Consideration": [
        "Compares plans side by side", "Chats with a sales agent",
        "Asks family for advice", "Reads the pricing page",
        "Saves items to a wishlist", "Books a demo",
        "Visits a store to try it", "Calls the sales line",
        "Checks the returns policy", "Reads the privacy notice",
    ],
    "Sign-up": [
        "Creates an account", "Verifies e-mail address", "Uploads ID document",
        "Sets a password", "Enters personal details", "Accepts the terms",
        "Links a bank account", "Chooses marketing preferences",
        "Gets a one-time code by SMS", "Signs up with Apple ID",
    ],
    "Purchase": [
        "Adds item to cart", "Reviews cart", "Enters a discount code",
        "Chooses delivery slot", "Pays with saved card", "Pays with PayPal",
        "Gets order confirmation", "Selects gift wrapping",
        "Enters the billing address", "Sees the final total",
    ],
    "Onboarding": [
        "Receives welcome e-mail", "Completes the setup wizard",
        "Watches the intro tour", "Imports existing data",
        "Invites team members", "Sets notification preferences",
        "Books an onboarding call", "Reads the getting-started guide",
        "Activates the card", "Downloads the mobile app",
    ],
    "Delivery": [
        "Gets dispatch notification", "Tracks the parcel",
        "Reschedules delivery", "Receives the parcel",
        "Finds parcel with a neighbour", "Collects from a pick-up point",
        "Talks to the courier", "Checks the contents",
        "Reports a missing item", "Unpacks and recycles packaging",
    ],
    "First use": [
        "Sets up the product", "Reads the quick-start card",
        "Connects to Wi-Fi", "Pairs with the app", "Tries the main feature",
        "Gets stuck on a setting", "Looks for help in the app",
        "Shares a first result", "Updates the firmware",
        "Registers the warranty",
    ],
    "Billing": [
        "Receives first invoice", "Checks charges online",
        "Sets up direct debit", "Disputes a charge", "Downloads a receipt",
        "Changes payment method", "Gets a payment reminder",
        "Reads the price change letter", "Pays by bank transfer",
        "Asks for a payment plan",
    ],
    "Support": [
        "Searches the help centre", "Starts a live chat", "Calls the hotline",
        "Waits in the phone queue", "Sends an e-mail to support",
        "Gets a callback", "Talks to the chatbot", "Visits the service desk",
        "Rates the support conversation", "Escalates a complaint",
    ],
    "Renewal": [
        "Gets renewal reminder", "Compares the renewal offer",
        "Calls to negotiate", "Renews online", "Switches to a cheaper plan",
        "Requests a cancellation", "Receives a retention offer",
        "Updates the card on file", "Reviews usage summary",
        "Confirms auto-renewal",
    ],
    "Advocacy": [
        "Writes a review", "Refers a friend", "Shares on social media",
        "Joins the loyalty programme", "Answers the NPS survey",
        "Posts in the community", "Recommends it at work",
        "Redeems loyalty points", "Joins a beta programme",
        "Attends a customer event",
    ],
}
STAGE_ORDER = list(STAGE_TOUCHPOINTS)
STAGE_GOALS: dict[str, str] = {
    "Awareness": "Find out that a good option exists",
    "Research": "Learn enough to trust the offer",
    "Consideration": "Pick the option that fits best",
    "Sign-up": "Get an account without friction",
    "Purchase": "Pay quickly and know when the order arrives",
    "Onboarding": "Get up and running on day one",
    "Delivery": "Receive the order on time and intact",
    "First use": "Get value from the product straight away",
    "Billing": "Understand and pay the bill without surprises",
    "Support": "Get the problem solved in one contact",
    "Renewal": "Renew on fair terms, or leave without a fight",
    "Advocacy": "Share a good experience and be rewarded for it",
}
GENERIC_TOUCHPOINTS = [
    "Receives a follow-up e-mail", "Checks account status",
    "Calls customer service", "Reads a push notification",
    "Updates personal details", "Logs in to the portal",
    "Reads a letter", "Chats with an agent", "Visits the website",
    "Opens the mobile app",
]
TOUCHPOINT_QUALIFIERS = [
    "on mobile", "on desktop", "again", "in the app", "late at night",
    "with a colleague", "in the café", "from abroad",
]

CUSTOMER_ACTIONS = [
    "Scrolls through the page on the bus", "Opens it on the laptop later",
    "Reads every line carefully", "Skims it and moves on",
    "Takes a screenshot to decide later", "Asks a partner for a second opinion",
    "Tries twice before it works", "Gives up and comes back the next day",
    "Copies details from an old e-mail", "Follows the link in the message",
    "Fills in the form on the phone", "Calls because the page is unclear",
    "Compares with a competitor in another tab",
    "Waits for the confirmation to arrive", "Looks for the total price",
    "Checks the small print", "Searches the inbox for the reference number",
    "Asks the chatbot a question", "Writes down the order number",
    "Switches from app to website halfway",
]
THOUGHTS = [
    "Why is shipping only shown now?", "Is this really cheaper than what I have?",
    "I hope this doesn't take long.", "Finally, that was easy!",
    "Where do I find my order number?", "Do they really need my date of birth?",
    "I'll do this later on my laptop.", "That's a nice surprise.",
    "Who do I call if this goes wrong?", "Wait: did it charge me twice?",
    "Why does it say \"C:\\fakepath\" here?",
    "The button says \"Continue\" but nothing happens.",
    "Great, exactly what I needed.", "Not sure what plan #2 includes.",
    "50% off? Sounds too good to be true.", "Can I undo this?",
    "Why do I have to type all of this again?", "Is my data safe here?",
    "Oh, they remembered my address.", "Three days for delivery? Really?",
    "I just want to talk to a person.", "Hm, that was quicker than I feared.",
    "What does 'pending' mean here?", "Will they spam me now?",
    "Nice: I can track it in real time.", "This feels like a trap # again",
    "OK, that makes sense.", "I'd recommend this to my sister.",
]
FEELINGS: dict[int, list[str]] = {
    1: ["frustrated", "angry", "lost", "betrayed", "helpless"],
    2: ["annoyed", "anxious", "confused", "impatient", "sceptical"],
    3: ["neutral", "curious", "unsure", "indifferent", "cautious"],
    4: ["reassured", "pleased", "confident", "hopeful", "satisfied"],
    5: ["delighted", "relieved", "excited", "proud", "grateful"],
}
CONFIDENCE = ["observed", "reported", "inferred", "assumed"]

# id, pain text (customer's side), fix (action title)
PAINS: list[tuple[str, str, str]] = [
    ("late-shipping-cost", "Shipping cost appears only at the last step",
     "Show shipping cost on the product page"),
    ("slow-page-load", "Pages load slowly on mobile data",
     "Cut mobile page weight in half"),
    ("unclear-pricing", "Monthly and total prices are hard to compare",
     "Show total cost next to the monthly price"),
    ("forced-account", "Has to create an account before seeing prices",
     "Allow guest browsing with prices"),
    ("password-rules", "Password rules are shown only after an error",
     "Show password rules up front"),
    ("id-upload-fails", "ID photo upload fails without a reason",
     "Explain ID upload errors and allow a retry inline"),
    ("sms-code-delay", "One-time SMS code arrives after it has expired",
     "Extend SMS code validity and add an e-mail fallback"),
    ("long-form", "Sign-up form asks for too much at once",
     "Split the sign-up form into short steps"),
    ("no-evening-slot", "No evening delivery slots available",
     "Offer evening delivery slots in cities"),
    ("tracking-stale", "Tracking page shows no update for days",
     "Push carrier scans to the tracking page hourly"),
    ("missed-delivery", "Parcel goes back to the depot after one missed attempt",
     "Offer a second delivery attempt by default"),
    ("hidden-fees", "Fees are buried in the terms",
     "List all fees on the pricing page"),
    ("phone-queue", "Waits more than 20 minutes in the phone queue",
     "Offer a callback instead of queueing"),
    ("chatbot-loop", "Chatbot loops without handing over to a human",
     "Hand over to an agent after two failed intents"),
    ("repeat-story", "Has to repeat the story to every agent",
     "Show case history to every agent"),
    ("invoice-jargon", "Invoice uses internal product codes",
     "Rewrite invoice lines in plain language"),
    ("double-charge", "Sees a pending charge twice on the card",
     "Explain pending authorisations in the order e-mail"),
    ("renewal-surprise", "Renewal price rises without a clear warning",
     "Send the renewal price 30 days ahead"),
    ("cancel-by-phone", "Cancellation is only possible by phone",
     "Let customers cancel online"),
    ("setup-jargon", "Setup guide assumes technical knowledge",
     "Rewrite the quick-start guide with pictures"),
    ("pairing-fails", "App pairing fails on older phones",
     "Support pairing on Android 10 and later"),
    ("no-progress", "Cannot see how many steps are left",
     "Add a progress indicator to long flows"),
    ("lost-cart", "Cart is emptied after switching devices",
     "Keep carts across devices for signed-in customers"),
    ("promo-code-error", "Discount code is rejected without explanation",
     "Explain why a discount code does not apply"),
    ("fake-reviews", "Reviews look fake or filtered",
     "Show verified-buyer badges on reviews"),
    ("too-many-plans", "Too many plans to compare",
     "Reduce the plan range to three clear options"),
    ("low-contrast", "Light grey text is hard to read",
     "Fix colour contrast on key pages"),
    ("no-status-update", "No update after submitting a request",
     "Send a status update at each step"),
    ("referral-delay", "Referral reward takes weeks to appear",
     "Credit referral rewards within 48 hours"),
    ("survey-fatigue", "Gets a survey after every interaction",
     "Limit surveys to one per month"),
    ("email-overload", "Receives too many marketing e-mails",
     "Add frequency controls to e-mail preferences"),
    ("stock-mismatch", "Item shown in stock online is not in the store",
     "Sync store stock to the website every 15 minutes"),
    ("print-label", "Has to print a returns label",
     "Offer QR-code returns without printing"),
    ("refund-delay", "Refund takes more than two weeks",
     "Refund on carrier scan instead of warehouse receipt"),
    ("terms-length", "Terms and conditions are 30 pages long",
     "Add a one-page summary of the key terms"),
    ("app-logout", "App logs out every few days",
     "Keep customers signed in for 90 days on trusted devices"),
    ("address-lookup", "Address lookup does not find new-build homes",
     "Allow manual address entry"),
    ("english-only", "Help pages are only in English",
     "Translate the top 50 help articles"),
    ("pin-by-post", "Has to wait for a PIN letter by post",
     "Show the PIN in the app after verification"),
    ("vague-error", "Error message says only: something went wrong",
     "Replace generic errors with specific guidance"),
    ("click-here-links", "Links say \"click here\" with no context",
     "Give every link a descriptive label"),
    ("session-timeout", "Form times out after 10 minutes and loses input",
     "Warn before the session times out and keep the input"),
]
PLAIN_PAINS = [
    "Too many clicks", "Small print is hard to read",
    "Not sure who to contact", "Has to switch to the laptop",
    "Confirmation e-mail lands in spam", "Prices differ between app and web",
    "Cannot save progress", "Opening hours are too short",
    "Same question asked twice", "Wording feels pushy",
    "Map pin points to the wrong entrance", "Needs a printer",
    "Too many pop-ups", "Unclear what happens next",
]
LEVELS = ("low", "medium", "high")

OPPORTUNITIES = [
    "Show the total price early", "Offer a callback", "Pre-fill known details",
    "Send a reminder by SMS", "Add a progress bar", "Explain the next step",
    "Offer live chat here", "Use plain language", "Add a video walkthrough",
    "Offer evening slots", "Let customers save and resume",
    "Personalise the offer", "Reward loyalty", "Add a FAQ snippet",
    "Test a one-click option", "Show real delivery dates",
    "Make the cancel button visible", "Send a photo on delivery",
]
BACKSTAGE = [
    "Shipping rates computed by the carrier API at checkout",
    "Fraud check runs in the background", "CRM record is created",
    "Order is routed to the nearest warehouse",
    "Agent sees the case in Salesforce", "Marketing automation adds a tag",
    "Credit check with an external bureau", "Stock is reserved for 15 minutes",
    "Invoice batch runs overnight", "Nightly ERP sync: prices and stock",
    "Courier gets the manifest at 18:00", "Survey tool sends the NPS e-mail",
    "Identity provider verifies the document",
    "Ticket is auto-assigned by topic",
]
EVIDENCE_PLAIN = [
    "2026 customer survey", "Support tickets, Q3 2026",
    "Checkout funnel: 38% drop at shipping step", "Usability test, round 4",
    "App store reviews", "Call centre listening session",
    "Sales team feedback", "Diary study, spring 2026",
    "Social listening report", "Web analytics dashboard",
    "Complaints log: 212 cases in October", "Field visit notes",
]
EVIDENCE_SOURCES: list[tuple[str, str]] = [
    ("Quarterly NPS survey", "survey"), ("Customer interviews, Berlin", "interview"),
    ("Customer interviews, Madrid", "interview"),
    ("Funnel analysis in Adobe Analytics", "analytics"),
    ("Session recordings", "analytics"), ("Zendesk tickets", "support"),
    ("Call centre logs", "support"), ("Trustpilot reviews", "review"),
    ("App store reviews", "review"), ("Store observation, flagship", "observation"),
    ("Contextual inquiry at home", "observation"), ("Partner feedback", "other"),
    ("Onboarding survey", "survey"), ("Churn interviews", "interview"),
]
EVIDENCE_QUOTES = [
    "I almost gave up at this point.", "Why didn't anyone tell me this before?",
    "It said \"error 500\" and nothing else.", "Honestly, it was fine.",
    "I had to ask my son to help me.", "I called three times: three answers.",
    "The app is great, the letters are not.",
]

# metric name, unit, better, low, high, decimals
METRICS: list[tuple[str, str, str, float, float, int]] = [
    ("Conversion rate", "%", "higher", 1, 60, 1),
    ("Drop-off rate", "%", "lower", 5, 70, 0),
    ("Time to complete", "s", "lower", 20, 600, 0),
    ("CSAT", "pts", "higher", 50, 95, 0),
    ("NPS", "NPS", "higher", -30, 70, 0),
    ("Contact rate", "%", "lower", 1, 30, 1),
    ("Average handle time", "min", "lower", 3, 25, 1),
    ("First contact resolution", "%", "higher", 40, 95, 0),
    ("Error rate", "%", "lower", 0, 15, 1),
    ("On-time delivery", "%", "higher", 70, 99, 1),
    ("App rating", "stars", "higher", 2, 5, 1),
    ("Refund lead time", "days", "lower", 2, 21, 0),
    ("Activation within 7 days", "%", "higher", 20, 90, 0),
    ("Customer effort score", "CES", "lower", 1, 7, 1),
]
METRIC_SOURCES = ["Adobe Analytics", "Qualtrics", "Zendesk Explore",
                  "Looker: CX dashboard", "Data warehouse", "App store console"]
GENERIC_ACTION_TITLES = [
    "Run five usability tests on this stage", "Map the backstage process",
    "Add this stage to the weekly CX review", "Instrument the stage in analytics",
    "Interview ten customers who dropped out here",
    "Align the wording with the brand voice guide",
    "Review the stage with customer service leads",
]
SUCCESS_METRICS = [
    "Drop-off at this step below 20%", "CSAT of at least 80",
    "Contact rate halved within a quarter", "Conversion up 5 points",
    "Fewer than 50 tickets a month on this topic", "Time to complete under 2 min",
]

# title, scope, goal, tags
JOURNEYS: list[tuple[str, str, str, list[str]]] = [
    ("First online purchase", "From first ad to the first delivered order",
     "Grow first-order conversion", ["retail", "checkout"]),
    ("Return a damaged item", "From noticing the damage to the refund",
     "Cut the cost of returns", ["retail", "returns"]),
    ("Upgrade a mobile plan", "From the upgrade offer to the new plan being active",
     "Grow revenue per customer", ["telco", "upsell"]),
    ("Apply for a credit card", "From research to the first card payment",
     "Increase approved applications", ["banking", "onboarding"]),
    ("Move house", "From planning the move to service at the new address",
     "Keep customers who move", ["utilities", "retention"]),
    ("Open a savings account", "From comparing rates to the first deposit",
     "Grow deposits", ["banking"]),
    ("Book a repair", "From the fault to the repaired device",
     "Reduce repeat repairs", ["service"]),
    ("Renew home insurance", "From the renewal letter to the renewed policy",
     "Improve renewal rate", ["insurance", "renewal"]),
    ("Report a lost card", "From noticing the loss to the new card arriving",
     "Reduce fraud losses and calls", ["banking", "support"]),
    ("Subscribe to meal kits", "From the first ad to the third box",
     "Improve week-four retention", ["subscription"]),
    ("Switch energy supplier", "From the price comparison to the first bill",
     "Win switchers from competitors", ["utilities", "acquisition"]),
    ("Set up a business account", "From sign-up to the first invoice paid",
     "Grow the small business segment", ["b2b", "onboarding"]),
    ("Claim on travel insurance", "From the incident abroad to the payout",
     "Shorten claim handling time", ["insurance", "claims"]),
    ("Order groceries for delivery", "From the shopping list to the unpacked bags",
     "Increase order frequency", ["retail", "delivery"]),
    ("Cancel a subscription", "From the decision to cancel to the final bill",
     "Reduce complaints and win back customers", ["subscription", "churn"]),
    ("Get broadband installed", "From the order to a working connection",
     "Reduce failed installations", ["telco", "installation"]),
    ("Join the loyalty programme", "From the invitation to the first reward",
     "Grow active loyalty members", ["loyalty"]),
    ("Buy a gift card", "From choosing the card to the recipient redeeming it",
     "Grow gift card sales", ["retail", "gifting"]),
    ("Apply for a mortgage", "From the first calculation to the keys",
     "Win more first-time buyers", ["banking", "mortgage"]),
    ("Dispute a bill", "From the surprising bill to the resolved dispute",
     "Reduce escalations to the ombudsman", ["billing", "support"]),
    ("Book a test drive", "From the online configurator to the dealer visit",
     "Increase test drives that lead to an order", ["automotive"]),
    ("Onboard a new employee laptop", "From the order to a working laptop",
     "Cut time to productivity", ["b2b", "it"]),
    ("Pick up in store", "From the online order to the collection at the desk",
     "Grow click and collect", ["retail", "omnichannel"]),
    ("Rent a car abroad", "From the booking to returning the car",
     "Reduce disputes about damage", ["travel"]),
    ("Activate a smart thermostat", "From unboxing to the first saved kilowatt",
     "Increase activation within 7 days", ["iot", "onboarding"]),
]
MARKETS = ["Germany", "Nordics", "UK", "France", "Spain", "Netherlands",
           "Poland", "Italy", "US", "Canada", "mobile", "B2B"]
EXTRA_TAGS = ["2026", "q4", "accessibility", "mobile-first", "pilot",
              "high-value", "regulated", "omnichannel"]
OKRS = ["O1: Make prices transparent", "O2: Fix the top ten pain points",
        "O3: Cut cost to serve", "O4: Grow digital adoption"]

PROSE_OPENERS = [
    "Most of what we know here comes from",
    "This picture is based on",
    "The team pieced this together from",
    "Our understanding rests on",
]
PROSE_SOURCES = [
    "twelve interviews and a funnel analysis", "support tickets and call listening",
    "a diary study over six weeks", "the 2026 customer survey",
    "store visits and session recordings", "conversations with frontline staff",
]
PROSE_FINDINGS = [
    "The biggest surprise was how often customers switch devices halfway.",
    "Customers rarely read the confirmation e-mail in full.",
    "Price clarity matters more than price level.",
    "Frontline staff already know most of these problems.",
    "Small delays feel much longer when nobody explains them.",
    "Customers judge the whole brand by this one moment.",
    "Older customers phone, younger ones give up silently.",
    "The good moments are rarely the ones we designed on purpose.",
]
PROSE_CLOSERS = [
    "Open questions are tracked in the action items below.",
    "Please raise a pull request if reality has moved on.",
    "Next review is planned together with customer service.",
    "Numbers are refreshed every month from the dashboard.",
    "See the linked research for the raw notes.",
]


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------

def _prose(rng: random.Random, first: str) -> str:
    sentences = [first,
                 f"{rng.choice(PROSE_OPENERS)} {rng.choice(PROSE_SOURCES)}.",
                 rng.choice(PROSE_FINDINGS)]
    if rng.random() < 0.5:
        sentences.append(rng.choice(PROSE_CLOSERS))
    k = rng.randint(2, 3)
    return " ".join(sentences[:1] + rng.sample(sentences[1:], k - 1)) + "\n"


def _evidence(out: list[str], indent: str, rng: random.Random,
              allow_plain: bool = True) -> None:
    """Write the items of an evidence list (the key is already written)."""
    for _ in range(rng.randint(1, 2)):
        if allow_plain and rng.random() < 0.4:
            out.append(f"{indent}- {quote(rng.choice(EVIDENCE_PLAIN))}")
            continue
        source, kind = rng.choice(EVIDENCE_SOURCES)
        out.append(f"{indent}- source: {quote(source)}")
        sub = indent + "  "
        out.append(f"{sub}kind: {kind}")
        if kind in ("survey", "analytics"):
            n = rng.randint(80, 5000)
        elif kind == "support":
            n = rng.randint(20, 900)
        else:
            n = rng.randint(4, 24)
        out.append(f"{sub}n: {n}")
        day = rand_date(rng, dt.date(2025, 9, 1), dt.date(2026, 11, 15))
        out.append(f"{sub}date: {iso(day)}")
        if rng.random() < 0.25:
            out.append(f"{sub}quote: {quote(rng.choice(EVIDENCE_QUOTES), force=True)}")
        if rng.random() < 0.15:
            out.append(f"{sub}link: https://research.acme.example/studies/"
                       f"{rng.randint(100, 9999)}")


def _frontmatter(lines: list[str], body: str) -> tuple[str, int]:
    yaml_text = "\n".join(lines) + "\n"
    return "---\n" + yaml_text + "---\n" + body, len(yaml_text.encode("utf-8"))


def _personas(rng: random.Random,
              count: int) -> list[tuple[str, str, str, Archetype]]:
    """(id, display name, first name, archetype) of ``count`` personas."""
    combos = [(f, a) for a in range(len(ARCHETYPES)) for f in FIRST_NAMES]
    rng.shuffle(combos)
    result: list[tuple[str, str, str, Archetype]] = []
    for i in range(count):
        first, arche = combos[i % len(combos)]
        label = ARCHETYPES[arche][0]
        pid = slugify(f"{first} {label}")
        name = f"{first}, the {label}"
        lap = i // len(combos)
        if lap:
            pid = f"{pid}-{lap + 1}"
            name = f"{name} ({lap + 1})"
        result.append((pid, name, first, ARCHETYPES[arche]))
    return result


def _persona_file(rng: random.Random, pid: str, name: str, first: str,
                  arche: Archetype) -> tuple[str, int]:
    _label, role, segment, activity, said = arche
    out = [f"name: {quote(name)}", f"role: {quote(role)}",
           f"segment: {quote(segment)}", f"quote: {quote(said, force=True)}"]
    out.append("demographics:")
    out.append(f"  age: {rng.randint(19, 78)}")
    out.append(f"  location: {quote(rng.choice(CITIES))}")
    out.append(f"  occupation: {quote(role.split(' at ')[0])}")
    out.append(f"  income: {quote(rng.choice(INCOMES))}")
    if rng.random() < 0.6:
        out.append(f"  household: {quote(rng.choice(HOUSEHOLDS))}")
    if rng.random() < 0.3:
        out.append(f"  household_size: {rng.randint(1, 6)}")
    text_list(out, "goals", rng.sample(PERSONA_GOALS, rng.randint(2, 3)), "", rng)
    text_list(out, "needs", rng.sample(PERSONA_NEEDS, rng.randint(2, 4)), "", rng)
    text_list(out, "pain_points", rng.sample(PERSONA_PAINS, rng.randint(2, 3)),
              "", rng)
    text_list(out, "behaviors", rng.sample(PERSONA_BEHAVIORS, rng.randint(2, 4)),
              "", rng)
    if rng.random() < 0.4:
        text_list(out, "motivations",
                  rng.sample(PERSONA_MOTIVATIONS, rng.randint(1, 3)), "", rng)
    text_list(out, "channels", rng.sample(CHANNELS, rng.randint(2, 4)), "", rng,
              flow_chance=0.8)
    out.append("evidence:")
    _evidence(out, "  ", rng)
    if rng.random() < 0.3:
        text_list(out, "tags", rng.sample(EXTRA_TAGS, rng.randint(1, 2)), "", rng,
                  flow_chance=1.0)
    body = _prose(rng, f"{first} {activity}.")
    return _frontmatter(out, body)


class _Counts:
    def __init__(self) -> None:
        self.files = 0
        self.touchpoints = 0
        self.pain_points = 0
        self.high_pain_points = 0
        self.actions = 0
        self.metrics = 0
        self.opportunities = 0
        self.scored_opportunities = 0
        self.front_matter_bytes = 0
        self.total_bytes = 0


def _write(path: Path, text: str, counts: _Counts) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")
    counts.files += 1
    counts.total_bytes += len(text.encode("utf-8"))


def _touchpoint_names(rng: random.Random, stage: str, n: int) -> list[str]:
    pool = STAGE_TOUCHPOINTS.get(stage, GENERIC_TOUCHPOINTS)
    picked = rng.sample(pool, min(n, len(pool)))
    seen = {slugify(p) for p in picked}
    attempt = 0
    while len(picked) < n:
        attempt += 1
        base = rng.choice(pool)
        if attempt < 4 * n:
            cand = f"{base} {rng.choice(TOUCHPOINT_QUALIFIERS)}"
        else:
            cand = f"{base} (step {attempt})"
        if slugify(cand) not in seen:
            seen.add(slugify(cand))
            picked.append(cand)
    return picked


def _emotion(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 3, 3, 1])[0]


def _action(out: list[str], indent: str, rng: random.Random, aid: str,
            title: str, owner: str, status: str, addresses: list[str],
            opportunities: list[str] | None = None) -> None:
    sub = indent + "  "
    out.append(f"{indent}- id: {aid}")
    out.append(f"{sub}title: {quote(title)}")
    out.append(f"{sub}owner: {owner}")
    out.append(f"{sub}status: {status}")
    if status in ("open", "in-progress"):
        due = rand_date(rng, TODAY + dt.timedelta(days=20), dt.date(2027, 9, 30))
    else:
        due = rand_date(rng, dt.date(2026, 3, 1), TODAY - dt.timedelta(days=1))
    out.append(f"{sub}due: {iso(due)}")
    out.append(f"{sub}priority: {rng.choice(['high', 'medium', 'medium', 'low'])}")
    if addresses:
        if len(addresses) <= 3 and rng.random() < 0.7:
            out.append(f"{sub}addresses: {flow_list(addresses)}")
        else:
            out.append(f"{sub}addresses:")
            out.extend(f"{sub}  - {a}" for a in addresses)
    if opportunities:
        out.append(f"{sub}opportunities: {flow_list(opportunities)}")
    if rng.random() < 0.3:
        out.append(f"{sub}success_metric: {quote(rng.choice(SUCCESS_METRICS))}")
    if rng.random() < 0.25:
        out.append(f"{sub}link: https://tracker.acme.example/browse/CX-"
                   f"{rng.randint(100, 99999)}")


def _status(rng: random.Random, may_drop: bool) -> str:
    if may_drop:
        return rng.choices(["open", "in-progress", "done", "dropped"],
                           weights=[5, 4, 3, 1])[0]
    return rng.choices(["open", "in-progress", "done"], weights=[5, 4, 3])[0]


def _stage_file(rng: random.Random, counts: _Counts, *, jid: str, stage: str,
                sid: str, n_tp: int, people: list[str], owners: list[str],
                used_pains: dict[str, int], used_ideas: dict[str, int],
                pains_out: list[tuple[str, str]]) -> tuple[str, int]:
    """One stage file; appends (pain id, severity) of mapping pains. Most opportunities
    are scored (FORMAT 1.1), relieve a pain point of their touchpoint and are taken up by
    the stage's action items."""
    out = [f"name: {quote(stage)}"]
    goal = STAGE_GOALS.get(stage)
    if goal is not None and rng.random() < 0.9:
        out.append(f"goal: {quote(goal)}")
    out.append("touchpoints:")
    stage_pains: list[tuple[str, str, str]] = []  # id, severity, fix
    ideas: list[str] = []  # ids of the stage's scored opportunities
    two = len(people) == 2
    for name in _touchpoint_names(rng, stage, n_tp):
        counts.touchpoints += 1
        pains_before = len(stage_pains)
        out.append(f"  - name: {quote(name)}")
        if rng.random() < 0.05:
            out.append(f"    id: {slugify(name)}")
        out.append(f"    channel: {quote(rng.choice(CHANNELS))}")
        if rng.random() < 0.9:
            out.append(f"    action: {quote(rng.choice(CUSTOMER_ACTIONS))}")
        if rng.random() < 0.85:
            out.append(f"    thought: {quote(rng.choice(THOUGHTS), force=True)}")
        emotion = _emotion(rng)
        roll = rng.random()
        if two and roll < 0.1:
            out.append(f"    personas: [{people[rng.randint(0, 1)]}]")
            out.append(f"    emotion: {emotion}")
        elif two and roll < 0.45:
            other = max(1, min(5, emotion + rng.randint(-2, 2)))
            out.append(f"    emotion: {{{people[0]}: {emotion}, "
                       f"{people[1]}: {other}}}")
        else:
            out.append(f"    emotion: {emotion}")
        out.append(f"    feeling: {rng.choice(FEELINGS[emotion])}")
        if rng.random() < 0.8:
            out.append("    pain_points:")
            for _ in range(rng.randint(1, 2)):
                counts.pain_points += 1
                if rng.random() < 0.1:
                    out.append(f"      - {quote(rng.choice(PLAIN_PAINS))}")
                    continue
                base, text, fix = rng.choice(PAINS)
                used_pains[base] = used_pains.get(base, 0) + 1
                pid = base if used_pains[base] == 1 else f"{base}-{used_pains[base]}"
                severity = rng.choices(["low", "medium", "high"],
                                       weights=[3, 5, 2])[0]
                if severity == "high":
                    counts.high_pain_points += 1
                stage_pains.append((pid, severity, fix))
                out.append(f"      - id: {pid}")
                out.append(f"        text: {quote(text)}")
                if severity != "medium" or rng.random() < 0.5:
                    out.append(f"        severity: {severity}")
                if rng.random() < 0.4:
                    out.append(f"        confidence: {rng.choice(CONFIDENCE)}")
                if rng.random() < 0.2:
                    src = rng.choice(EVIDENCE_PLAIN)
                    out.append(f"        evidence: [{quote(src, flow=True)}]")
                else:
                    out.append("        evidence:")
                    _evidence(out, "          ", rng)
        touchpoint_pains = [p[0] for p in stage_pains[pains_before:]]
        if rng.random() < 0.6:
            texts = rng.sample(OPPORTUNITIES, rng.randint(1, 2))
            counts.opportunities += len(texts)
            if rng.random() < 0.2:
                text_list(out, "opportunities", texts, "    ", rng)
            else:
                out.append("    opportunities:")
                for text in texts:
                    counts.scored_opportunities += 1
                    base = slugify(text)
                    used_ideas[base] = used_ideas.get(base, 0) + 1
                    oid = base if used_ideas[base] == 1 else f"{base}-{used_ideas[base]}"
                    ideas.append(oid)
                    out.append(f"      - id: {oid}")
                    out.append(f"        text: {quote(text)}")
                    out.append(f"        impact: {rng.choice(LEVELS)}")
                    out.append(f"        effort: {rng.choice(LEVELS)}")
                    if touchpoint_pains and rng.random() < 0.7:
                        out.append(f"        addresses: [{rng.choice(touchpoint_pains)}]")
        if rng.random() < 0.6:
            text_list(out, "backstage",
                      rng.sample(BACKSTAGE, rng.randint(1, 2)), "    ", rng, 0.3)
        if rng.random() < 0.3:
            out.append(f"    confidence: {rng.choice(CONFIDENCE)}")

    out.append("metrics:")
    for name, unit, better, low, high, decimals in rng.sample(
            METRICS, rng.randint(1, 2)):
        counts.metrics += 1
        value = round(rng.uniform(low, high), decimals) + 0.0
        target = round(min(high, max(low, value + rng.uniform(-0.3, 0.3)
                                     * (high - low))), decimals) + 0.0
        v = f"{value:.{decimals}f}"
        t = f"{target:.{decimals}f}"
        fields = [f"name: {quote(name, flow=True)}", f"value: {v}",
                  f"target: {t}", f"unit: {quote(unit, flow=True)}"]
        if better == "lower":
            fields.append("better: lower")
        if rng.random() < 0.2:
            fields.append(f"source: {quote(rng.choice(METRIC_SOURCES), flow=True)}")
        if rng.random() < 0.5:
            out.append("  - {" + ", ".join(fields) + "}")
        else:
            out.append(f"  - {fields[0]}")
            out.extend(f"    {f}" for f in fields[1:])

    highs = [p for p in stage_pains if p[1] == "high"]
    others = [p for p in stage_pains if p[1] != "high"]
    rng.shuffle(others)
    n_actions = rng.randint(1, 2)
    out.append("actions:")
    for k in range(1, n_actions + 1):
        counts.actions += 1
        if k == 1:
            addressed = highs + others[: rng.randint(0, 1)]
            del others[: len(addressed) - len(highs)]
            may_drop = not highs
        else:
            addressed = others[: rng.randint(1, 2)]
            may_drop = True
        title = addressed[0][2] if addressed else rng.choice(GENERIC_ACTION_TITLES)
        taken = [ideas.pop(0)] if ideas and rng.random() < 0.6 else []
        _action(out, "  ", rng, f"{jid}-{sid}-a{k}", title, rng.choice(owners),
                _status(rng, may_drop), [p[0] for p in addressed], taken)
    if rng.random() < 0.05:
        out.append("extra:")
        out.append(f"  squad: {rng.choice(owners)}")
        out.append(f"  research_round: {rng.randint(1, 6)}")
    pains_out.extend((p[0], p[1]) for p in stage_pains)
    lower = stage[0].lower() + stage[1:]
    return _frontmatter(out, _prose(rng, f"In the {lower} stage the customer "
                                    f"wants to {(goal or 'move on').lower()}."))


def generate(root: Path, *, journeys: int = 1000, stages: int = 6,
             touchpoints: int = 5, personas: int = 300, seed: int = 1
             ) -> dict[str, int]:
    """Write a complete, valid cxmaps site root under ``root``.

    The output depends only on the arguments: the same arguments give
    byte-identical files. Returns counts of what was written.
    """
    if journeys < 0 or stages < 1 or touchpoints < 1 or personas < 1:
        raise ValueError("need journeys >= 0 and stages, touchpoints, "
                         "personas >= 1")
    rng = random.Random(seed)
    counts = _Counts()
    root.mkdir(parents=True, exist_ok=True)
    for sub in ("docs", "personas", "journeys"):
        (root / sub).mkdir(exist_ok=True)

    _write(root / "mkdocs.yml",
           "site_name: Acme customer journeys\n"
           "site_description: Customer journey maps of the Acme CX team\n"
           "theme:\n  name: material\n"
           "plugins:\n  - cxmaps\n", counts)

    owner_lines = ["# Teams that own journeys and action items.", ""]
    for oid, oname, contact in OWNERS:
        owner_lines += [f"{oid}:", f"  name: {quote(oname)}",
                        f"  contact: {quote(contact)}",
                        f"  github: \"@acme/{oid}\""]
    _write(root / "owners.yml", "\n".join(owner_lines) + "\n", counts)
    owners = [o[0] for o in OWNERS]

    lifecycle = ["# The customer lifecycle, in order.", ""]
    for phase_id, phase_name, description in PHASES:
        lifecycle += [f"{phase_id}:", f"  name: {quote(phase_name)}",
                      f"  description: {quote(description)}"]
    _write(root / "lifecycle.yml", "\n".join(lifecycle) + "\n", counts)

    _write(root / "docs" / "index.md",
           "# Acme customer journeys\n\n"
           "This site publishes the customer journey maps of the Acme CX team.\n"
           "Every map is reviewed in pull requests and checked by "
           "`cxmaps validate`.\n\n"
           "- Personas describe who our customers are.\n"
           "- Journeys follow them from first contact to loyal customer.\n"
           "- Action items say who fixes which pain point, and by when.\n",
           counts)

    # Personas.
    persona_list = _personas(rng, personas)
    persona_ids = [p[0] for p in persona_list]
    persona_names = {p[0]: p[1] for p in persona_list}
    for pid, name, first, arche in persona_list:
        text, size = _persona_file(rng, pid, name, first, arche)
        counts.front_matter_bytes += size
        _write(root / "personas" / f"{pid}.md", text, counts)

    # Journeys.
    order = persona_ids[:]
    rng.shuffle(order)
    width = max(4, len(str(journeys)))
    nn_width = max(2, len(str(stages)))
    current: list[tuple[str, list[str], list[tuple[str, str]], str]] = []
    sub_journeys = 0
    for j in range(journeys):
        title, scope, jgoal, base_tags = rng.choice(JOURNEYS)
        market = rng.choice(MARKETS)
        jid = f"{slugify(title)[:30].strip('-')}-{j + 1:0{width}d}"
        primary = order[j % len(order)]
        people = [primary]
        if len(order) > 1 and rng.random() < 0.3:
            second = rng.choice(order)
            while second == primary:
                second = rng.choice(order)
            people.append(second)

        future_of: tuple[str, list[str], list[tuple[str, str]], str] | None = None
        if current and rng.random() < 0.05:
            future_of = rng.choice(current)
        if future_of is not None:
            stage_names = future_of[1][:]
        else:
            rest = STAGE_ORDER[1:]
            if stages - 1 <= len(rest):
                chosen = sorted(rng.sample(range(len(rest)), stages - 1))
                stage_names = [STAGE_ORDER[0]] + [rest[i] for i in chosen]
            else:
                extra_n = stages - 1 - len(rest)
                stage_names = STAGE_ORDER + [f"Follow-up {i + 1}"
                                             for i in range(extra_n)]

        jdir = root / "journeys" / jid
        jdir.mkdir()
        used_pains: dict[str, int] = {}
        used_ideas: dict[str, int] = {}
        pains: list[tuple[str, str]] = []
        for s, stage in enumerate(stage_names, start=1):
            sid = slugify(stage)
            text, size = _stage_file(
                rng, counts, jid=jid, stage=stage, sid=sid, n_tp=touchpoints,
                people=people, owners=owners, used_pains=used_pains,
                used_ideas=used_ideas, pains_out=pains)
            counts.front_matter_bytes += size
            _write(jdir / f"{s:0{nn_width}d}-{sid}.md", text, counts)

        out = [f"title: {quote(f'{title} ({market})')}", f"persona: {primary}"]
        if len(people) > 1:
            out.append(f"personas: [{people[1]}]")
        out.append(f"owner: {rng.choice(owners)}")
        if future_of is not None:
            out.append("state: future")
            out.append(f"future_of: {future_of[0]}")
        elif rng.random() < 0.2:
            out.append("state: current")
        if future_of is not None:
            phase = future_of[3]
            if phase:
                out.append(f"phase: {phase}")
        elif rng.random() < 0.95:
            phase = rng.choice(PHASES)[0]
            out.append(f"phase: {phase}")
        else:
            phase = ""
        if future_of is None and current and rng.random() < 0.1:
            parent = rng.choice(current)
            sub_journeys += 1
            stage_id = slugify(rng.choice(parent[1]))
            out.append(f"parent: {parent[0]}/{stage_id}" if rng.random() < 0.7
                       else f"parent: {parent[0]}")
        out.append(f"scope: {quote(scope)}")
        out.append(f"goal: {quote(jgoal)}")
        reviewed = TODAY - dt.timedelta(days=rng.randint(1, 30))
        out.append(f"reviewed: {iso(reviewed)}")
        out.append("review_every: 365")
        tags = base_tags + ([market.lower()] if rng.random() < 0.5 else [])
        if rng.random() < 0.3:
            tags.append(rng.choice(EXTRA_TAGS))
        text_list(out, "tags", tags, "", rng, flow_chance=0.85)
        if future_of is not None or rng.random() < 0.2:
            out.append("actions:")
            counts.actions += 1
            lows = [p for p, sev in pains if sev != "high"]
            addressed = rng.sample(lows, min(len(lows), rng.randint(1, 2)))
            if future_of is not None:
                old = [p for p, _ in future_of[2]]
                if old:
                    addressed.append(f"{future_of[0]}/{rng.choice(old)}")
            _action(out, "  ", rng, f"{jid}-a1",
                    rng.choice(GENERIC_ACTION_TITLES), rng.choice(owners),
                    _status(rng, True), addressed)
        if rng.random() < 0.15:
            out.append("extra:")
            out.append(f"  okr: {quote(rng.choice(OKRS))}")
            out.append(f"  budget_eur: {rng.randint(5, 200) * 1000}")
        first = (f"This map follows {persona_names[primary]}, "
                 f"{scope[0].lower()}{scope[1:]}.")
        text, size = _frontmatter(out, _prose(rng, first))
        counts.front_matter_bytes += size
        _write(jdir / "index.md", text, counts)
        if future_of is None:
            current.append((jid, stage_names, pains, phase))

    return {
        "files": counts.files,
        "personas": personas,
        "owners": len(OWNERS),
        "journeys": journeys,
        "stages": journeys * stages,
        "touchpoints": counts.touchpoints,
        "pain_points": counts.pain_points,
        "high_pain_points": counts.high_pain_points,
        "actions": counts.actions,
        "metrics": counts.metrics,
        "opportunities": counts.opportunities,
        "scored_opportunities": counts.scored_opportunities,
        "sub_journeys": sub_journeys,
        "front_matter_bytes": counts.front_matter_bytes,
        "total_bytes": counts.total_bytes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a large, deterministic, valid cxmaps corpus.")
    parser.add_argument("out_dir", metavar="OUT_DIR", type=Path,
                        help="folder to create (must be missing or empty)")
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--stages", type=int, default=6)
    parser.add_argument("--touchpoints", type=int, default=5)
    parser.add_argument("--personas", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out: Path = args.out_dir
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        parser.error(f"{out} exists and is not an empty folder")
    if args.journeys < 0 or min(args.stages, args.touchpoints, args.personas) < 1:
        parser.error("need --journeys >= 0 and --stages, --touchpoints, "
                     "--personas >= 1")
    start = time.perf_counter()
    counts = generate(out, journeys=args.journeys, stages=args.stages,
                      touchpoints=args.touchpoints, personas=args.personas,
                      seed=args.seed)
    elapsed = time.perf_counter() - start
    for key, value in counts.items():
        print(f"{key}: {value}")
    print(f"seconds: {elapsed:.2f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
