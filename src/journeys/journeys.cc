// layer journeys
