"""A paraphrase retrieval set written for this project: targets, queries that reword them, and distractors.

Each query shares few or no content words with its target; the hand-written distractors share words
with the targets but not their meaning, so lexical matching alone scores poorly.
"""

from __future__ import annotations

import random

# (target message, paraphrased query)
PAIRS: list[tuple[str, str]] = [
    ("How do I reset my router to factory settings?", "restore the wifi box to its original configuration"),
    (
        "My dog keeps barking at night and the neighbours complained.",
        "the puppy is noisy after dark and people next door are upset",
    ),
    ("What is the best way to remove red wine stains from a carpet?", "getting merlot spots out of a rug"),
    (
        "I need to renew my passport before the trip to Japan in March.",
        "travel document expiring ahead of my Tokyo holiday in spring",
    ),
    (
        "The quarterly revenue dropped by twelve percent compared to last year.",
        "sales for the three-month period fell versus the previous year",
    ),
    (
        "Can you recommend a beginner-friendly book on machine learning?",
        "good introductory reading about AI for novices",
    ),
    (
        "My laptop battery drains within two hours even when idle.",
        "notebook computer loses charge very quickly while doing nothing",
    ),
    (
        "We should schedule the team offsite for the second week of October.",
        "plan the staff retreat for mid autumn",
    ),
    ("How many calories are in a medium avocado?", "nutritional energy of one average guacamole fruit"),
    (
        "The flight was delayed five hours because of a snowstorm in Chicago.",
        "a blizzard in the windy city held up my plane for ages",
    ),
    (
        "I'm learning to play the violin but my bowing sounds scratchy.",
        "string instrument novice producing harsh tones with the bow",
    ),
    (
        "The apartment lease ends in June and the landlord wants to raise the rent.",
        "my flat rental contract finishes in summer and the owner is increasing the price",
    ),
    (
        "How do I convert a Python list of strings to integers?",
        "turn text numbers in an array into ints in my script",
    ),
    (
        "The baby has a fever of 39 degrees and won't eat.",
        "infant running a high temperature and refusing food",
    ),
    (
        "What time does the pharmacy on Main Street close on Sundays?",
        "weekend closing hours of the drugstore downtown",
    ),
    (
        "Our database queries became slow after the last migration.",
        "SQL performance degraded following the schema change",
    ),
    (
        "I want to start running but my knees hurt after a few kilometres.",
        "jogging causes joint pain in my legs after a short distance",
    ),
    (
        "Please book a table for four at an Italian restaurant tonight.",
        "reserve dinner for a party of four at a pasta place this evening",
    ),
    (
        "The washing machine leaks water from the bottom during the spin cycle.",
        "laundry appliance makes puddles on the floor while spinning",
    ),
    ("How can I improve my credit score quickly?", "ways to raise my borrowing rating fast"),
    (
        "The kids are bored during the summer holidays; any activity ideas?",
        "things to keep children entertained over the school break",
    ),
    (
        "My car's check engine light came on after refuelling.",
        "dashboard warning lamp lit up once I filled the tank",
    ),
    ("What are the symptoms of vitamin D deficiency?", "signs that someone lacks the sunshine vitamin"),
    (
        "The printer says it's out of cyan ink even though I just replaced the cartridge.",
        "new toner installed but the device still claims blue colour is empty",
    ),
    ("How long should I boil an egg for a runny yolk?", "cooking time for a soft centred egg"),
    (
        "The contract negotiation with the supplier stalled over payment terms.",
        "talks with the vendor got stuck on when we pay invoices",
    ),
    (
        "I keep waking up at 3am and can't fall back asleep.",
        "insomnia in the middle of the night, unable to return to slumber",
    ),
    ("Our cat stopped using the litter box last week.", "kitty no longer goes to its toilet tray"),
    (
        "Which programming language should I learn first for web development?",
        "best starter coding language for building websites",
    ),
    (
        "The bridge on Route 9 is closed for repairs until next month.",
        "highway crossing shut for maintenance for several weeks",
    ),
    ("How do I politely decline a job offer?", "courteously turning down an employment proposal"),
    (
        "The solar panels produce less electricity in winter.",
        "photovoltaic output drops during the cold months",
    ),
    ("My sourdough bread comes out flat and dense.", "homemade fermented loaf doesn't rise and is heavy"),
    (
        "Interest rates rose again, so our mortgage payment went up.",
        "the central bank hiked borrowing costs and our home loan instalment increased",
    ),
    ("I lost my wallet on the train this morning.", "left my purse on the subway earlier today"),
    (
        "The museum offers free admission on the first Sunday of each month.",
        "no entry fee at the gallery at the start of every month on a weekend",
    ),
    (
        "Our website went down because the SSL certificate expired.",
        "site outage caused by an out of date HTTPS cert",
    ),
    ("How do I get rid of aphids on my roses?", "pest insects infesting my flowering bushes"),
    (
        "The new hire starts on Monday and needs a laptop and an email account.",
        "onboarding the recruit next week requires a computer and a mailbox",
    ),
    ("Can I freeze cooked rice safely?", "is it okay to put leftover grains in the freezer"),
]

# Share words with the targets, not their meaning.
NEAR_MISSES: list[str] = [
    "I reset my password yesterday and it worked fine.",
    "The router in the woodworking shop needs a new bit.",
    "Our neighbours adopted a dog from the shelter.",
    "We drank red wine with dinner on the terrace.",
    "My passport photo looks terrible.",
    "Japan has excellent train connections.",
    "Revenue recognition rules changed this year.",
    "I'm reading a book about the history of Rome.",
    "Machine shop safety training is mandatory.",
    "The laptop keyboard has a sticky key.",
    "Battery recycling bins are in the lobby.",
    "The team won the football match in October.",
    "I planted an avocado tree in the backyard.",
    "Chicago has great deep dish pizza.",
    "The violin concert was sold out.",
    "The apartment has a lovely view of the park.",
    "A python is a large snake found in Asia.",
    "The baby laughed at the puppet show.",
    "Main Street is getting new streetlights.",
    "The database administrator is on vacation.",
    "Running shoes are on sale this weekend.",
    "The Italian language has many dialects.",
    "The washing instructions say cold water only.",
    "Credit card points can be exchanged for flights.",
    "The kids painted the fence during the summer.",
    "The car wash on the corner reopened.",
    "Vitamin C is found in oranges.",
    "The printer is located on the second floor.",
    "Eggs are on the shopping list.",
    "The supplier delivered the chairs on time.",
    "I woke up early to watch the sunrise.",
    "The cat sleeps on the windowsill all day.",
    "Web development conferences are expensive.",
    "The bridge club meets on Thursdays.",
    "The job fair is next Tuesday.",
    "Solar eclipses are rare events.",
    "Bread prices went up at the bakery.",
    "Interest in chess grew during the pandemic.",
    "The train was crowded this morning.",
    "The museum shop sells postcards.",
    "The website has a new logo.",
    "Roses are traditionally given on Valentine's Day.",
    "The new office has standing desks.",
    "Rice paddies cover the hillside.",
]

_PEOPLE = [
    "Maria",
    "Tom",
    "Aisha",
    "Kenji",
    "Lena",
    "Omar",
    "Priya",
    "Jonas",
    "Chloe",
    "Diego",
    "Nadia",
    "Felix",
]
_ACTIONS = [
    "painted",
    "cleaned",
    "photographed",
    "measured",
    "sketched",
    "rearranged",
    "inspected",
    "decorated",
    "described",
    "sold",
    "borrowed",
    "repaired",
]
_OBJECTS = [
    "the garden shed",
    "an old bicycle",
    "the kitchen cupboards",
    "a wooden canoe",
    "the attic stairs",
    "a vintage radio",
    "the greenhouse",
    "a chess set",
    "the garage door",
    "a ceramic vase",
    "the piano",
    "a camping tent",
]
_PLACES = [
    "at the cabin",
    "in the village",
    "near the harbour",
    "at grandma's house",
    "behind the school",
    "in the studio",
    "at the community centre",
    "by the lake",
]
_TIMES = [
    "on Tuesday",
    "last spring",
    "before lunch",
    "after the storm",
    "over the weekend",
    "in the evening",
]


def generated_distractors(n: int, seed: int = 7) -> list[str]:
    """Plain everyday sentences unrelated to every target."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < n:
        seen.add(
            f"{rng.choice(_PEOPLE)} {rng.choice(_ACTIONS)} {rng.choice(_OBJECTS)} "
            f"{rng.choice(_PLACES)} {rng.choice(_TIMES)}."
        )
    return sorted(seen)
